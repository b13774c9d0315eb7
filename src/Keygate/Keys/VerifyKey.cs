using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Keys;

/// <summary>
/// <c>POST /v1/keys/verify</c>: lets another service use Keygate as its key checker, through the same
/// path (and cache) as request authentication. Only keys of the caller's own account can be valid.
/// </summary>
internal static class VerifyKey
{
    public static async Task<Results<Ok<VerifyKeyResponse>, ProblemHttpResult>> HandleAsync(
        VerifyKeyRequest request, HttpContext http, KeyVerifier verifier, KeyLimiter limiter, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(request.ApiKey) || request.ApiKey.Length > 256)
        {
            errors.Add("apiKey", "Required.");
        }
        if (string.IsNullOrEmpty(request.ApiSecret) || request.ApiSecret.Length > 256)
        {
            errors.Add("apiSecret", "Required.");
        }
        var wanted = Permission.None;
        foreach (var (name, index) in (request.Permissions ?? []).Select((name, index) => (name, index)))
        {
            if (PermissionCatalog.TryParse(name, out var bit))
            {
                wanted |= bit;
            }
            else
            {
                errors.Add($"permissions[{index}]", "Unknown permission; GET /v1/permissions lists them.");
            }
        }
        if (request.Cost is < 1 or > 1000)
        {
            errors.Add("cost", "Between 1 and 1000.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var invalid = new VerifyKeyResponse(false, ProblemCodes.InvalidCredentials, null, null, null, null);
        if (!KeyFormat.IsKeyId(request.ApiKey) || !KeyFormat.IsSecret(request.ApiSecret))
        {
            return TypedResults.Ok(invalid);
        }
        var key = await verifier.FindAsync(request.ApiKey!, cancellationToken);
        if (key is null || key.AccountId != caller.AccountId)
        {
            return TypedResults.Ok(invalid);
        }
        var check = KeyVerifier.CheckSecret(key, request.ApiSecret, verifier.Now);
        if (check is KeyCheck.InvalidCredentials)
        {
            return TypedResults.Ok(invalid);
        }
        var code = check switch
        {
            KeyCheck.Revoked => ProblemCodes.KeyRevoked,
            KeyCheck.Disabled => ProblemCodes.KeyDisabled,
            KeyCheck.Expired => ProblemCodes.KeyExpired,
            _ when (key.Permissions & wanted) != wanted => ProblemCodes.InsufficientPermissions,
            _ => "valid",
        };
        if (code == "valid")
        {
            // The checked key's own limits apply to the calls it makes through the other service.
            var decision = await limiter.TryAcquireAsync(key, new Charge(request.Cost ?? 1, 0), cancellationToken);
            code = decision.Allowed ? code : decision.Code!;
        }
        return TypedResults.Ok(new VerifyKeyResponse(code == "valid", code, key.Id, KeyNames.Of(key.Environment),
            PermissionCatalog.Names(key.Permissions), key.ExpiresAt));
    }
}
