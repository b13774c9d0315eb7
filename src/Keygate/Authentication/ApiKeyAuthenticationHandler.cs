using System.Security.Claims;
using System.Text.Encodings.Web;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Keygate.Authentication;

internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates API calls: parses the credential and hands it to <see cref="KeyVerifier"/>, the one path that
/// also serves <c>POST /v1/keys/verify</c>. Permissions are checked after this, by authorization policies.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IKeyVerifier verifier,
    IMisuseState misuse) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credentials = CredentialParser.Parse(Request.Headers);
        var address = Context.Connection.RemoteIpAddress;
        var (key, failure) = credentials.Kind switch
        {
            CredentialKind.None => new Verification(null, AuthenticationFailure.Missing),
            CredentialKind.Ambiguous => new Verification(null, AuthenticationFailure.Ambiguous),
            CredentialKind.Malformed => new Verification(null, AuthenticationFailure.Invalid),
            CredentialKind.Signed => await verifier.VerifySignedAsync(credentials.Signed!,
                () => RequestSignature.CanonicalStringAsync(Request, credentials.Signed!, Context.RequestAborted), address, Context.RequestAborted),
            _ => await verifier.VerifySecretAsync(credentials.KeyId, credentials.Secret, address, Context.RequestAborted),
        };
        if (failure is not null)
        {
            Context.Features.Set(failure);
            if (key is not null)
            {
                Context.Features.Set(new RejectedKey(key, failure));
            }
            if (credentials.Kind is CredentialKind.None)
            {
                return AuthenticateResult.NoResult();
            }
            LogRejected(Logger, credentials.Kind is CredentialKind.Secret or CredentialKind.Signed ? credentials.KeyId : null, failure.Code);
            return AuthenticateResult.Fail(failure.Code);
        }
        Context.Features.Set(key);
        return AuthenticateResult.Success(new AuthenticationTicket(PrincipalFor(key!), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<AuthenticationFailure>() ?? AuthenticationFailure.Missing;
        if (failure == AuthenticationFailure.GuessingLocked && Context.Features.Get<RejectedKey>() is { } rejected)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(misuse.GuessingLock(rejected.Key.Id).TotalSeconds))
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await CredentialChallenge.WriteAsync(Context, failure.Status, failure.Code, failure.Detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, ProblemCodes.InsufficientPermissions, "This API key lacks the permission this call needs.");

    private static ClaimsPrincipal PrincipalFor(KeySnapshot key) => new(new ClaimsIdentity(
    [
        new Claim(Caller.AccountClaim, key.AccountId),
        new Claim(Caller.KeyClaim, key.Id),
        Caller.PermissionClaim(key.Permissions),
        Caller.EnvironmentClaimOf(key.Environment),
    ], SchemeName));

    // The key id is public by design and names the target of a guessing attempt; the secret never appears.
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "API credentials rejected for key {KeyId}: {Code}")]
    private static partial void LogRejected(ILogger logger, string? keyId, string code);
}
