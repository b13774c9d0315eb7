using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Webhooks;

internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks").WithTags("Webhooks").RequirePermission(Permission.WebhooksManage);
        group.MapPost("/", CreateWebhook.HandleAsync).WithName("CreateWebhook").Accepts<CreateWebhookRequest>("application/json").CarriesSecret();
        group.MapGet("/", ListWebhooks.HandleAsync).WithName("ListWebhooks");
        group.MapGet("/{id}", ListWebhooks.GetAsync).WithName("GetWebhook");
        group.MapPatch("/{id}", UpdateWebhook.HandleAsync).WithName("UpdateWebhook")
            .Accepts<CreateWebhookRequest>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id}", DeleteWebhook.HandleAsync).WithName("DeleteWebhook");
        group.MapPost("/{id}/rotate-secret", RotateWebhookSecret.HandleAsync).WithName("RotateWebhookSecret").CarriesSecret();
        group.MapPost("/{id}/test", SendTestWebhook.HandleAsync).WithName("SendTestWebhook");
        group.MapGet("/{id}/deliveries", ListWebhookDeliveries.HandleAsync).WithName("ListWebhookDeliveries");
        return group;
    }
}
