using Keygate.Dashboard;
using Keygate.Http;

namespace Keygate.Accounts;

/// <summary>Endpoint metadata: the call stays open to a session that must still replace a handed-out password.</summary>
internal sealed class OpenBeforePasswordChange
{
    public static readonly OpenBeforePasswordChange Instance = new();
}

/// <summary>
/// A password someone else handed out (bootstrap, a new account's owner, an invitation) travelled by e-mail or chat, so
/// whoever saw it could log in with it: until it is replaced its session answers 403 <c>password_change_required</c>
/// to every call but those marked <see cref="OpenBeforePasswordChange"/> (the change itself, logout, whoami) and the
/// anonymous ones. The dashboard's pages send the person to the password page instead (<see cref="DashboardPage"/>);
/// both read the flag <see cref="SessionCookie"/> puts on the session's principal from the user's row.
/// </summary>
internal static class PasswordChangeGate
{
    public static TBuilder OpenBeforePasswordChange<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Accounts.OpenBeforePasswordChange.Instance);

    // Only a session carries the claim: asked first, so that a key's request does not walk its claims.
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use((context, next) =>
        SessionCookie.IsSession(context.User) && context.User.HasClaim(SessionCookie.MustChangePasswordClaim, "true") && Surface.Of(context) is not PageSurface
        && !Open(context.GetEndpoint())
            ? Problems.WriteAsync(context, 403, ProblemCodes.PasswordChangeRequired,
                "Replace the password you were given first (POST /v1/auth/password); until then only that, logout and whoami answer.")
            : next(context));

    private static bool Open(Endpoint? endpoint) =>
        endpoint is null
        || endpoint.Metadata.GetMetadata<OpenBeforePasswordChange>() is not null
        || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
}
