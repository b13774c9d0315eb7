using System.Net;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Verifying;

/// <summary>
/// <c>POST /v1/keys/verify</c>: lets another service use Keygate as its key checker. The checked credential goes
/// through <see cref="IKeyVerifier"/>, the very path request authentication takes (signing requirement, guessing
/// lock, IP allowlist against the end client's address), and the attempt is observed like a request made with that
/// key, so usage and misuse detection see it. Only keys of the caller's own account can be valid, and a
/// non-production caller learns nothing about production secrets.
/// </summary>
internal static class VerifyKey
{
    private const string Group = "verify";

    public static async Task<Results<Ok<VerifyKeyResponse>, ProblemHttpResult>> HandleAsync(
        VerifyKeyRequest request, HttpContext http, IKeyVerifier verifier, KeyAdmission admission, KeyObservations observations,
        TimeProvider time, CancellationToken cancellationToken)
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
        IPAddress? clientAddress = null;
        if (request.ClientIp is not null && !IPAddress.TryParse(request.ClientIp, out clientAddress))
        {
            errors.Add("clientIp", "An IPv4 or IPv6 address: the address of the client that presented the key.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        if (!KeyFormat.IsKeyId(request.ApiKey) || !KeyFormat.IsSecret(request.ApiSecret))
        {
            return Answer(ProblemCodes.InvalidCredentials, null);
        }
        var key = await verifier.FindAsync(request.ApiKey!, cancellationToken);
        // Another account's key is answered as unknown, before its secret is looked at: no oracle, and no guess at it counted.
        if (key is null || key.AccountId != caller.AccountId)
        {
            return Answer(ProblemCodes.InvalidCredentials, null);
        }
        if (KeyAccess.RefuseEnvironment(caller, key.Environment))
        {
            return Answer(ProblemCodes.EnvironmentNotAllowed, null);
        }

        var verification = verifier.VerifySecret(key, request.ApiSecret, clientAddress);
        var (status, code) = verification.Failure is { } failure ? (failure.Status, failure.Code)
            : (key.Permissions & wanted) != wanted ? (403, ProblemCodes.InsufficientPermissions)
            : (200, null);
        if (code is null)
        {
            // The checked key's own limits apply to the calls it makes through the other service.
            var decision = await admission.ChargeVerifiedAsync(key, request.Cost ?? 1, cancellationToken);
            (status, code) = decision.Allowed ? (status, code) : (429, decision.Code);
        }
        observations.Observe(new KeyRequest(key, Group, Outcomes.Of(status, code), verification.Failure, clientAddress, time.GetUtcNow()));
        // Status and details of the key only once its secret matched: before that the answer is the unknown key's.
        return verification.Failure is { SecretMatched: false } ? Answer(code!, null) : Answer(code ?? "valid", key);
    }

    private static Ok<VerifyKeyResponse> Answer(string code, KeySnapshot? key) => TypedResults.Ok(new VerifyKeyResponse(
        code == "valid", code, key?.Id, key is null ? null : KeyNames.Of(key.Environment),
        key is null ? null : PermissionCatalog.Names(key.Permissions), key?.ExpiresAt));
}
