using Microsoft.Extensions.Options;

namespace Keygate.Webhooks;

internal static class WebhooksExtensions
{
    public static IServiceCollection AddKeygateWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallbackGuard>();
        services.AddScoped<WebhookPublisher>();
        services.AddScoped<CreateWebhook>();
        services.AddScoped<UpdateWebhook>();
        services.AddScoped<DeleteWebhook>();
        services.AddScoped<RotateWebhookSecret>();
        services.AddScoped<SendTestWebhook>();
        services.AddScoped<WebhookQueries>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, (provider, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Keygate-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // Every connection goes through the guard, to the addresses it checked; a proxy would connect elsewhere.
                ConnectCallback = provider.GetRequiredService<CallbackGuard>().ConnectAsync,
                UseProxy = false,
                // A redirect is not a delivery, and following it would call a URL nobody subscribed.
                AllowAutoRedirect = false,
                // One handler serves every subscriber: one receiver's cookies must not reach another.
                UseCookies = false,
                // Re-resolve, and so re-check, hosts at least this often.
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            })
            // The client's own log lines carry full URLs, query strings included; the dispatcher logs ids instead.
            .RemoveAllLoggers();
        services.AddSingleton<WebhookMetrics>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
