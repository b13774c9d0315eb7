using Keygate.Keys;
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
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.AddSingleton<PhoneNumberDirectory>();
        services.AddScoped<IAccountPhoneNumbers, AccountPhoneNumbers>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<TemplateCache>();
        services.AddOptions<TemplateSyncOptions>().BindConfiguration(TemplateSyncOptions.Section);
        services.AddSingleton<MetaTemplateSync>();
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
        MetaCloudClient.Configure(services.AddHttpClient<MetaCloudClient>());
        services.AddTransient<MetaProvider>();
        services.AddSingleton<IdempotentSends>();
        services.AddSingleton<MetaSends>();
        services.AddHostedService(provider => provider.GetRequiredService<MetaSends>()); // after MessageLog: stops before it
        services.AddSingleton<MetaEvents>(); // it holds a typed HttpClient, whose handlers the factory rotates
        services.AddGraphPassThrough();
        return services;
    }

    /// <summary>The Cloud-API-compatible surface under <c>/{version}</c>, and Keygate's own WhatsApp calls under <c>/v1</c>.</summary>
    public static IEndpointRouteBuilder MapKeygateWhatsApp(this IEndpointRouteBuilder routes)
    {
        var cloudApi = routes.MapCloudApiGroup().WithTags("Cloud API").RequireAuthorization();
        cloudApi.MapPost("/{phoneNumberId}/messages", SendMessage.HandleAsync).WithTags("Messages").WithName("SendMessage");
        cloudApi.MapTemplateEndpoints();
        cloudApi.MapTemplateEditing();
        cloudApi.MapMediaEndpoints(routes);
        cloudApi.MapPassThrough();
        routes.MapPhoneNumberEndpoints();
        routes.MapNumberTemplateEndpoints();
        routes.MapMessageHistoryEndpoints();
        routes.MapSandboxEndpoints();
        routes.MapMetaWebhookEndpoints();
        return routes;
    }
}
