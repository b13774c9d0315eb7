using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Inbound;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PassThrough;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Keygate.WhatsApp.Sandbox;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp;

internal static class WhatsAppExtensions
{
    public static IServiceCollection AddKeygateWhatsApp(this IServiceCollection services)
    {
        services.AddCloudApiSurface();
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.AddKeygatePhoneNumbers();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<TemplateCache>();
        services.AddOptions<TemplateSyncOptions>().BindConfiguration(TemplateSyncOptions.Section);
        services.AddSingleton<MetaTemplateSync>();
        services.AddSingleton<WebhookSignatureThrottle>();
        services.AddSingleton<IMetaChangeHandler, MetaPricingUsage>();
        services.AddSingleton<IMetaChangeHandler, TemplateChangeHandler>();
        services.AddSingleton<IMetaChangeHandler, NumberQualityHandler>();
        services.AddSingleton<ConversationWindows>();
        services.AddSingleton<MessageLog>();
        services.AddHostedService(provider => provider.GetRequiredService<MessageLog>());
        services.AddSingleton<SandboxStatusPump>();
        services.AddHostedService(provider => provider.GetRequiredService<SandboxStatusPump>());
        services.AddSingleton<SandboxProvider>();
        services.AddOptions<MetaOptions>().BindConfiguration(MetaOptions.Section);
        services.AddSingleton<MetaMetrics>();
        MetaCloudClient.Configure(services.AddHttpClient<MetaCloudClient>());
        services.AddTransient<MetaProvider>();
        services.AddSingleton<IdempotentSends>();
        services.AddSingleton<MetaSends>();
        services.AddHostedService(provider => provider.GetRequiredService<MetaSends>()); // after MessageLog: stops before it
        services.AddSingleton<MetaEvents>(); // it holds a typed HttpClient, whose handlers the factory rotates
        services.AddGraphPassThrough();
        // A real number's events reach subscribers as Meta sent them, not rebuilt from history.
        services.AddSingleton<IMetaChangeHandler, MetaChangeForwarder>();
        return services;
    }

    /// <summary>
    /// The Cloud-API-compatible surface under <c>/{version}</c> and Meta's webhooks on <paramref name="routes"/>, and
    /// Keygate's own WhatsApp calls under <c>/v1</c> on <paramref name="api"/>, the group of that surface.
    /// </summary>
    public static IEndpointRouteBuilder MapKeygateWhatsApp(this IEndpointRouteBuilder routes, IEndpointRouteBuilder api)
    {
        var cloudApi = routes.MapCloudApiGroup().WithTags("Cloud API").RequireAuthorization();
        cloudApi.MapPost("/{phoneNumberId}/messages", SendMessage.HandleAsync).WithTags("Messages").WithName("SendMessage");
        cloudApi.MapTemplateEndpoints();
        cloudApi.MapTemplateEditing();
        cloudApi.MapMediaEndpoints(api);
        cloudApi.MapPassThrough();
        api.MapPhoneNumberEndpoints();
        api.MapNumberTemplateEndpoints();
        api.MapMessageHistoryEndpoints();
        api.MapSandboxEndpoints();
        routes.MapMetaWebhookEndpoints();
        return routes;
    }
}
