using System.Security.Claims;
using System.Text.Encodings.Web;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Misuse;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Keygate.Authentication;

internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates API calls: credentials parse → key exists → secret (or signature) matches → not revoked,
/// disabled or expired → address allowed. Permissions are checked after this, by authorization policies.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    KeyVerifier verifier,
    SecretProtector protector,
    INonceStore nonces,
    MisuseMonitor misuse) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credentials = CredentialParser.Parse(Request.Headers);
        var (key, failure) = credentials.Kind switch
        {
            CredentialKind.None => (null, AuthenticationFailure.Missing),
            CredentialKind.Ambiguous => (null, AuthenticationFailure.Ambiguous),
            CredentialKind.Malformed => (null, AuthenticationFailure.Invalid),
            CredentialKind.Signed => await VerifySignedAsync(credentials.Signed!),
            _ => await VerifySecretAsync(credentials.KeyId, credentials.Secret),
        };
        if (failure is null && !key!.AllowsAddress(Context.Connection.RemoteIpAddress))
        {
            failure = AuthenticationFailure.IpNotAllowed;
        }
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

    /// <summary>The key named by the request (even when refused, for usage and misuse), and why it was refused, if it was.</summary>
    private async Task<(KeySnapshot?, AuthenticationFailure?)> VerifySecretAsync(string keyId, string secret)
    {
        var key = await verifier.FindAsync(keyId, Context.RequestAborted);
        if (key is null)
        {
            return (null, AuthenticationFailure.Invalid);
        }
        var check = KeyVerifier.CheckSecret(key, secret, verifier.Now);
        if (check is KeyCheck.Valid && key.Signing is SigningMode.Required)
        {
            return (key, AuthenticationFailure.SigningRequired);
        }
        if (check is KeyCheck.InvalidCredentials && misuse.GuessingLock(key.Id) > TimeSpan.Zero)
        {
            // Only wrong secrets are refused this way: the key's holder, with the right one, is never locked out.
            return (key, AuthenticationFailure.GuessingLocked);
        }
        return (key, check is KeyCheck.Valid ? null : AuthenticationFailure.Of(check));
    }

    private async Task<(KeySnapshot?, AuthenticationFailure?)> VerifySignedAsync(SignedCredentials signed)
    {
        var key = await verifier.FindAsync(signed.KeyId, Context.RequestAborted);
        // A key that does not accept signing keeps no secret to check a signature with: answered as unknown.
        if (key?.EncryptedSecret is null || key.Signing is SigningMode.Off)
        {
            return (key, AuthenticationFailure.Invalid);
        }
        var now = verifier.Now;
        var canonical = await RequestSignature.CanonicalStringAsync(Request, signed, Context.RequestAborted);
        var matches = SignatureMatches(key.EncryptedSecret, key.Id, canonical, signed.Signature)
            | (key.PreviousSecretValid(now) && key.PreviousEncryptedSecret is { } previous
               && SignatureMatches(previous, key.Id, canonical, signed.Signature));
        if (!matches)
        {
            return (key, AuthenticationFailure.Invalid);
        }
        var status = KeyVerifier.CheckStatus(key, now);
        if (status is not KeyCheck.Valid)
        {
            return (key, AuthenticationFailure.Of(status));
        }
        var skew = Math.Abs(new DateTimeOffset(now).ToUnixTimeSeconds() - signed.Timestamp);
        if (skew > RequestSignature.AllowedSkewSeconds)
        {
            return (key, AuthenticationFailure.StaleTimestamp);
        }
        // Last, so that a request refused for any other reason does not burn its nonce.
        var fresh = await nonces.TryUseAsync(key.Id, signed.Nonce, TimeSpan.FromSeconds(2 * RequestSignature.AllowedSkewSeconds), Context.RequestAborted);
        return (key, fresh ? null : AuthenticationFailure.ReplayedNonce);
    }

    private bool SignatureMatches(byte[] encryptedSecret, string keyId, string canonical, byte[] presented)
    {
        var secret = protector.Decrypt(encryptedSecret, keyId);
        try
        {
            return RequestSignature.Verify(secret, canonical, presented);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }
    }

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
