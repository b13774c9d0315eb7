using Keygate.Authorization;
using Keygate.WhatsApp.Inbound;

namespace Keygate.WhatsApp.PassThrough;

internal static class PassThroughExtensions
{
    public static IServiceCollection AddGraphPassThrough(this IServiceCollection services)
    {
        services.AddScoped<GraphObjects>();
        services.AddSingleton<GraphObjectConfirmation>(); // its memory of unknown ids is the process's
        MetaGraphClient.Configure(services.AddHttpClient<MetaGraphClient>());
        services.AddSingleton<IMetaChangeHandler, InboundMediaLearner>();
        return services;
    }

    /// <summary>
    /// The account's Meta object that a Cloud API endpoint of Keygate's own names, when it is one: the endpoint then passes
    /// the call through (<see cref="GraphCall"/>, which applies the environment, binding and permission rules) instead of
    /// answering locally.
    /// </summary>
    public static Task<GraphTarget?> MetaObjectAsync(this HttpContext http, string id) =>
        http.RequestServices.GetRequiredService<GraphObjects>().FindAsync(Caller.From(http.User).AccountId, id, http.RequestAborted);

    /// <summary>A non-production key: where an endpoint has a sandbox answer for a real number (an upload, a template list), it keeps it, as its sends do.</summary>
    public static bool KeepsSandbox(this HttpContext http) =>
        Caller.From(http.User).Environment is { } environment && environment != KeyEnvironment.Production;
}
