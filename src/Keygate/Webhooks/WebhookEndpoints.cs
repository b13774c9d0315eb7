using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Webhooks;

/// <summary>
/// <c>/v1/webhooks</c>: each call reads its request (a create body or a JSON merge patch, <c>If-Match</c>), asks the
/// lifecycle service or <see cref="WebhookQueries"/>, and answers the outcome, with the subscription's ETag.
/// </summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks").WithTags("Webhooks").RequirePermission(Permission.WebhooksManage)
            .AddEndpointFilter(RefuseNumberBoundKeys);
        group.MapPost("/", CreateAsync).WithName("CreateWebhook").Accepts<CreateWebhookRequest>("application/json").CarriesSecret();
        group.MapGet("/", ListAsync).WithName("ListWebhooks");
        group.MapGet("/{id}", GetAsync).WithName("GetWebhook");
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateWebhook")
            .Accepts<CreateWebhookRequest>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook");
        group.MapPost("/{id}/rotate-secret", RotateSecretAsync).WithName("RotateWebhookSecret").CarriesSecret();
        group.MapPost("/{id}/test", SendTestAsync).WithName("SendTestWebhook");
        group.MapGet("/{id}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries");
        return group;
    }

    /// <summary>
    /// A subscription reaches the whole account: every number's messages and statuses (unless it names numbers), the WABA's
    /// events, alerts, and the stored payloads of its deliveries. A key bound to some numbers must not see or steer what
    /// belongs to the others, so it manages no subscription, whatever it holds; an unbound key or a user does.
    /// </summary>
    private static ValueTask<object?> RefuseNumberBoundKeys(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<KeySnapshot>() is { IsBoundToNumbers: true }
            ? ValueTask.FromResult<object?>(Problems.Forbidden(
                "A key bound to phone numbers cannot manage webhooks: a subscription reaches every number of the account. Use a key without phone numbers, or the dashboard."))
            : next(context);

    private static async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> CreateAsync(
        JsonElement body, HttpContext http, CreateWebhook create, CancellationToken cancellationToken) =>
        (await create.CreateAsync(Actor.From(http), WebhookBody.Read(body, creating: true), cancellationToken)).ToVersionedCreated(http.Response, created => $"/v1/webhooks/{created.Id}");

    private static async Task<Results<Ok<Page<WebhookResponse>>, ProblemHttpResult>> ListAsync(
        int? limit, string? cursor, HttpContext http, WebhookQueries queries, CancellationToken cancellationToken)
    {
        var outcome = await queries.ListAsync(Caller.From(http.User), limit, cursor, cancellationToken);
        return outcome.ToOk();
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, WebhookQueries queries, CancellationToken cancellationToken) =>
        await queries.FindAsync(Caller.From(http.User), id, cancellationToken) is { } found
            ? TypedResults.Ok(found.WithETag(http.Response))
            : Problems.NotFound("webhook subscription");

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> UpdateAsync(
        string id, JsonElement body, HttpContext http, UpdateWebhook update, CancellationToken cancellationToken) =>
        (await update.UpdateAsync(Actor.From(http), id, IfMatch.From(http), WebhookBody.Read(body, creating: false), cancellationToken)).ToVersionedOk(http.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, HttpContext http, DeleteWebhook delete, CancellationToken cancellationToken)
    {
        var outcome = await delete.DeleteAsync(Actor.From(http), id, IfMatch.From(http), cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToProblem();
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> RotateSecretAsync(
        string id, HttpContext http, RotateWebhookSecret rotate, CancellationToken cancellationToken) =>
        (await rotate.RotateAsync(Actor.From(http), id, IfMatch.From(http), cancellationToken)).ToVersionedOk(http.Response);

    private static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> SendTestAsync(
        string id, HttpContext http, SendTestWebhook test, CancellationToken cancellationToken)
    {
        var outcome = await test.SendAsync(Actor.From(http), id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", outcome.Value!) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<Page<WebhookDeliveryResponse>>, ProblemHttpResult>> ListDeliveriesAsync(
        string id, string? status, int? limit, string? cursor, HttpContext http, WebhookQueries queries, CancellationToken cancellationToken)
    {
        var outcome = await queries.ListDeliveriesAsync(Caller.From(http.User), id, status, limit, cursor, cancellationToken);
        return outcome.ToOk();
    }
}
