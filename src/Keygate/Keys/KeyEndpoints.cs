using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Keys;

/// <summary><c>/v1/keys</c>: each change reads its request, asks the lifecycle service, and answers its outcome with the key's ETag.</summary>
internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/keys").WithTags("Keys");

        group.MapPost("/", CreateAsync).WithName("CreateKey").CarriesSecret()
            .RequirePermission(Permission.KeysManage).Accepts<CreateKeyRequest>("application/json");
        group.MapGet("/", ListAsync).WithName("ListKeys").RequirePermission(Permission.KeysRead);
        group.MapGet("/{id}", GetAsync).WithName("GetKey").RequirePermission(Permission.KeysRead);
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateKey")
            .RequirePermission(Permission.KeysManage).Accepts<CreateKeyRequest>("application/merge-patch+json", "application/json");
        group.MapPost("/{id}/rotate", RotateAsync).WithName("RotateKey").RequirePermission(Permission.KeysManage).CarriesSecret();
        group.MapPost("/{id}/disable", DisableAsync).WithName("DisableKey").RequirePermission(Permission.KeysManage);
        group.MapPost("/{id}/enable", EnableAsync).WithName("EnableKey").RequirePermission(Permission.KeysManage);
        group.MapPost("/{id}/revoke", RevokeAsync).WithName("RevokeKey").RequirePermission(Permission.KeysManage);
        return group;
    }

    private static async Task<Results<Created<KeyResponse>, ProblemHttpResult>> CreateAsync(
        JsonElement body, HttpContext http, CreateKey create, CancellationToken cancellationToken) =>
        (await create.CreateAsync(Actor.From(http), KeyFields.Read(body, creating: true), cancellationToken)).ToVersionedCreated(http.Response, created => $"/v1/keys/{created.Id}");

    private static async Task<Results<Ok<Page<KeyResponse>>, ProblemHttpResult>> ListAsync(string? status, string? environment, string? label,
        string? q, int? limit, string? cursor, HttpContext http, ListKeys list, CancellationToken cancellationToken)
    {
        var outcome = await list.ListAsync(Caller.From(http.User), new KeyFilter(status, environment, label, q), limit, cursor, cancellationToken);
        return outcome.ToOk();
    }

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, FindKey find, CancellationToken cancellationToken) =>
        await find.FindAsync(Caller.From(http.User), id, cancellationToken) is { } found ? TypedResults.Ok(found.WithETag(http.Response)) : Problems.NotFound("key");

    /// <summary>A JSON merge patch of any field but the environment, guarded by <c>If-Match</c>.</summary>
    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> UpdateAsync(
        string id, JsonElement body, HttpContext http, UpdateKey update, CancellationToken cancellationToken) =>
        (await update.UpdateAsync(Actor.From(http), id, IfMatch.From(http), KeyFields.Read(body, creating: false), cancellationToken)).ToVersionedOk(http.Response);

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RotateAsync(
        string id, RotateKeyRequest? request, HttpContext http, RotateKey rotate, CancellationToken cancellationToken) =>
        (await rotate.RotateAsync(Actor.From(http), id, IfMatch.From(http), request, cancellationToken)).ToVersionedOk(http.Response);

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> DisableAsync(string id, HttpContext http, ChangeKeyStatus change, CancellationToken cancellationToken) =>
        (await change.DisableAsync(Actor.From(http), id, IfMatch.From(http), cancellationToken)).ToVersionedOk(http.Response);

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> EnableAsync(string id, HttpContext http, ChangeKeyStatus change, CancellationToken cancellationToken) =>
        (await change.EnableAsync(Actor.From(http), id, IfMatch.From(http), cancellationToken)).ToVersionedOk(http.Response);

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RevokeAsync(string id, HttpContext http, ChangeKeyStatus change, CancellationToken cancellationToken) =>
        (await change.RevokeAsync(Actor.From(http), id, IfMatch.From(http), cancellationToken)).ToVersionedOk(http.Response);

}
