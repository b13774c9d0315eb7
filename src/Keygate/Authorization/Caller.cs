using System.Globalization;
using System.Security.Claims;

namespace Keygate.Authorization;

/// <summary>
/// Who is calling, read from the authenticated principal: a key (API clients) or a user (dashboard
/// session). Endpoints use this, never the raw claims.
/// </summary>
internal sealed record Caller(string AccountId, string? KeyId, string? UserId, Permission Permissions, KeyEnvironment? Environment, bool IsOperator)
{
    public const string AccountClaim = "kg:account";
    public const string KeyClaim = "kg:key";
    public const string UserClaim = "kg:user";
    public const string PermissionsClaim = "kg:permissions";
    public const string EnvironmentClaim = "kg:environment";
    public const string OperatorClaim = "kg:operator";
    public const string SessionClaim = "kg:session";

    public bool Holds(Permission required) => (Permissions & required) == required;

    public static Caller From(ClaimsPrincipal principal)
    {
        var account = principal.FindFirstValue(AccountClaim)
            ?? throw new InvalidOperationException("Endpoint reached without an authenticated caller; its group must require authorization.");
        var bits = long.Parse(principal.FindFirstValue(PermissionsClaim) ?? "0", CultureInfo.InvariantCulture);
        var environment = principal.FindFirstValue(EnvironmentClaim) is { } env
            ? (KeyEnvironment?)int.Parse(env, CultureInfo.InvariantCulture)
            : null;
        return new Caller(account, principal.FindFirstValue(KeyClaim), principal.FindFirstValue(UserClaim),
            (Permission)bits, environment, principal.HasClaim(OperatorClaim, "true"));
    }

    public static string? KeyIdOf(ClaimsPrincipal principal) => principal.FindFirstValue(KeyClaim);

    public static Claim PermissionClaim(Permission permissions) =>
        new(PermissionsClaim, ((long)permissions).ToString(CultureInfo.InvariantCulture));

    public static Claim EnvironmentClaimOf(KeyEnvironment environment) =>
        new(EnvironmentClaim, ((int)environment).ToString(CultureInfo.InvariantCulture));
}

internal static class CallerExtensions
{
    /// <summary>Whether anyone (a key or a dashboard session) was authenticated for this request.</summary>
    public static bool IsAuthenticated(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}
