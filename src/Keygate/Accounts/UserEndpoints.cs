using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Accounts;

/// <summary>
/// The users of the caller's account, for dashboard sessions only (a key never manages people): anyone logged in
/// reads the list, owners and admins change it.
/// </summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Policies.Session);
        group.MapGet("/", ListAsync).WithName("ListUsers");
        group.MapPost("/", CreateAsync).WithName("CreateUser").RequireAuthorization(Policies.UserManager).CarriesSecret();
        group.MapPatch("/{id}", ChangeRoleAsync).WithName("ChangeUserRole").RequireAuthorization(Policies.UserManager)
            .Accepts<ChangeUserRoleRequest>("application/merge-patch+json", "application/json");
        group.MapPost("/{id}/disable", DisableAsync).WithName("DisableUser").RequireAuthorization(Policies.UserManager);
        group.MapPost("/{id}/enable", EnableAsync).WithName("EnableUser").RequireAuthorization(Policies.UserManager);
        return group;
    }

    private static async Task<Results<Ok<Page<UserResponse>>, ProblemHttpResult>> ListAsync(
        int? limit, string? cursor, HttpContext http, ListUsers users, CancellationToken cancellationToken) =>
        (await users.ListAsync(Caller.From(http.User), limit, cursor, cancellationToken)).ToOk();

    private static async Task<Results<Created<CreatedUserResponse>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, HttpContext http, CreateUser create)
    {
        var outcome = await create.CreateAsync(Actor.From(http), request, http.RequestAborted);
        return outcome.Value is { } created ? TypedResults.Created($"/v1/users/{created.Id}", created) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> ChangeRoleAsync(
        string id, ChangeUserRoleRequest request, HttpContext http, ChangeUser change) =>
        (await change.ChangeRoleAsync(Actor.From(http), id, request.Role, http.RequestAborted)).ToOk();

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> DisableAsync(string id, HttpContext http, ChangeUser change) =>
        (await change.DisableAsync(Actor.From(http), id, http.RequestAborted)).ToOk();

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> EnableAsync(string id, HttpContext http, ChangeUser change) =>
        (await change.EnableAsync(Actor.From(http), id, http.RequestAborted)).ToOk();
}
