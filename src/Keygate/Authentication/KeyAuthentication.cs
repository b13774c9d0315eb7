using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Keygate.Authorization;
using Keygate.Keys;
using Microsoft.AspNetCore.Authentication;

namespace Keygate.Authentication;

/// <summary>
/// Authenticates each request once, in front of everything that asks who the caller is. A request carrying API
/// credentials is judged by them alone, straight through <see cref="IKeyVerifier"/>; one carrying a cookie, by the
/// session scheme; one carrying neither is anonymous without asking anything. This stands in for ASP.NET Core's
/// authentication middleware, which on every request would resolve the default scheme, forward it by policy and
/// create a handler, only to reach the same verifier. Challenges and refusals still go through ASP.NET Core's schemes
/// (<see cref="ApiKeyAuthenticationHandler"/> answers them from what this found).
/// </summary>
internal sealed partial class KeyAuthentication(RequestDelegate next, IKeyVerifier verifier, ILogger<KeyAuthentication> logger)
{
    /// <summary>A key's principal is the same for every request its snapshot serves; made once per snapshot.</summary>
    private static readonly ConditionalWeakTable<KeySnapshot, ClaimsPrincipal> Principals = new();

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var credentials = CredentialParser.Parse(headers);
        var judging = credentials.Kind is not CredentialKind.None ? AuthenticateKeyAsync(context, credentials)
            : headers.Cookie.Count > 0 ? AuthenticateSessionAsync(context)
            : ValueTask.CompletedTask;
        // A cached key is judged synchronously: then the request goes on without a state machine of its own.
        return judging.IsCompletedSuccessfully ? next(context) : ThenNextAsync(judging, context);
    }

    private async Task ThenNextAsync(ValueTask judging, HttpContext context)
    {
        await judging;
        await next(context);
    }

    private async ValueTask AuthenticateKeyAsync(HttpContext context, Credentials credentials)
    {
        var address = context.Connection.RemoteIpAddress;
        var (key, failure) = credentials.Kind switch
        {
            CredentialKind.Ambiguous => new Verification(null, AuthenticationFailure.Ambiguous),
            CredentialKind.Malformed => new Verification(null, AuthenticationFailure.Invalid),
            CredentialKind.Signed => await VerifySignedAsync(context, credentials.Signed!, address),
            _ => await verifier.VerifySecretAsync(credentials.KeyId, credentials.Secret, address, context.RequestAborted),
        };
        if (key is not null && failure is null)
        {
            context.Features.Set(key);
            context.User = Principals.GetValue(key, PrincipalFor);
            return;
        }
        failure ??= AuthenticationFailure.Invalid;
        context.Features.Set(failure);
        if (key is not null)
        {
            context.Features.Set(new RejectedKey(key, failure));
        }
        LogRejected(logger, credentials.Kind is CredentialKind.Secret or CredentialKind.Signed ? credentials.KeyId : null, failure.Code);
    }

    // Its own method, so that the closure over the request is made for signed requests only, not on entry to every judgement.
    private ValueTask<Verification> VerifySignedAsync(HttpContext context, SignedCredentials signed, IPAddress? address) =>
        verifier.VerifySignedAsync(signed, () => RequestSignature.CanonicalStringAsync(context.Request, signed, context.RequestAborted), address,
            context.RequestAborted);

    /// <summary>
    /// Whether the request carried API credentials, so that its challenges and refusals are the API key scheme's: what
    /// this middleware found, rather than a second reading of the headers that could judge differently.
    /// </summary>
    public static bool JudgedByKey(HttpContext context) =>
        context.Features.Get<KeySnapshot>() is not null || context.Features.Get<AuthenticationFailure>() is not null;

    /// <summary>As ASP.NET Core's middleware does for the default scheme: the principal, and the result for whoever asks for it.</summary>
    private static async ValueTask AuthenticateSessionAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(AuthenticationExtensions.SessionScheme);
        if (result.Principal is { } principal)
        {
            context.User = principal;
        }
        if (result.Succeeded)
        {
            context.Features.Set<IAuthenticateResultFeature>(new SessionResult(result));
        }
    }

    private static ClaimsPrincipal PrincipalFor(KeySnapshot key) => new(new ClaimsIdentity(
    [
        new Claim(Caller.AccountClaim, key.AccountId),
        new Claim(Caller.KeyClaim, key.Id),
        Caller.PermissionClaim(key.Permissions),
        Caller.EnvironmentClaimOf(key.Environment),
    ], ApiKeyAuthenticationHandler.SchemeName));

    private sealed class SessionResult(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }

    // The key id is public by design and names the target of a guessing attempt; the secret never appears.
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "API credentials rejected for key {KeyId}: {Code}")]
    private static partial void LogRejected(ILogger logger, string? keyId, string code);
}

internal static class KeyAuthenticationExtensions
{
    /// <summary>
    /// The name under which <c>UseAuthentication()</c> marks itself added; WebApplication adds ASP.NET Core's own
    /// authentication in front of the whole pipeline when the mark is missing, which would judge every request twice.
    /// </summary>
    private const string AspNetCoreAuthenticationAdded = "__AuthenticationMiddlewareSet";

    public static IApplicationBuilder UseKeygateAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AspNetCoreAuthenticationAdded] = true;
        return app.UseMiddleware<KeyAuthentication>();
    }
}
