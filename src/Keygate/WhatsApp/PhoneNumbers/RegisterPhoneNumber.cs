using System.Security.Cryptography;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.WhatsApp.Providers;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

public sealed record RegisterPhoneNumberRequest(string? PhoneNumberId, string? WabaId, string? DisplayNumber, string? VerifiedName,
    string? AccessToken, string? AppSecret, string? VerifyToken);

/// <summary>A registered number, with the webhook verify token to paste into Meta's dashboard (shown this once).</summary>
public sealed record RegisteredPhoneNumberResponse(PhoneNumberResponse Number, string VerifyToken);

/// <summary>
/// A real number (<c>POST /v1/phone-numbers</c>, the Phone numbers page) on Meta's Cloud API, registered only once Meta confirms that the given
/// access token can read it (<see cref="MetaOwnership"/>), with the health Meta reports for it. Its access token, app secret and
/// webhook verify token are encrypted at rest (AES-GCM under the master key, bound to the number) and
/// never returned; the verify token is shown once so it can be entered in Meta's dashboard.
/// </summary>
internal sealed class RegisterPhoneNumber(KeygateDbContext db, AuditLog audit, SecretProtector protector, MetaCloudClient meta, TimeProvider time)
{
    private static readonly Refusal TakenElsewhere = Refusal.Conflict(
        "This number is already registered in Keygate by an account that proved it with Meta; ask the operator to move it.");

    public async Task<Outcome<RegisteredPhoneNumberResponse>> RegisterAsync(Actor actor, RegisterPhoneNumberRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        RequireDigits(request.PhoneNumberId, "phoneNumberId", errors);
        RequireDigits(request.WabaId, "wabaId", errors);
        if (request.DisplayNumber is not { Length: > 0 and <= 32 })
        {
            errors.Add("displayNumber", "Required, at most 32 characters.");
        }
        if (request.VerifiedName is { Length: > 200 })
        {
            errors.Add("verifiedName", "At most 200 characters.");
        }
        RequireSecret(request.AccessToken, "accessToken", 4096, errors);
        RequireSecret(request.AppSecret, "appSecret", 256, errors);
        if (request.VerifyToken is not null and not { Length: >= 16 and <= 128 })
        {
            errors.Add("verifyToken", "16 to 128 characters, or leave it out for a random one.");
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        var accountId = actor.Caller.AccountId;
        if (await db.PhoneNumbers.AnyAsync(p => p.Id == request.PhoneNumberId && p.AccountId == accountId, cancellationToken))
        {
            return Refusal.Conflict("This phone number id is already registered in your account.");
        }
        // Proof before anything about other accounts: whoever cannot prove the number gets the same answer whether or
        // not another account registered it, so the answer tells nothing about other tenants.
        var (proof, health) = await MetaOwnership.ProveAsync(meta, request.PhoneNumberId!, request.WabaId!, request.AccessToken!, cancellationToken);
        switch (proof)
        {
            case OwnershipProof.MetaUnavailable:
                return Refusal.Unavailable("Meta could not be asked whether this access token owns the number; try again later.");
            case OwnershipProof.NotProven:
                return Refusal.Invalid("accessToken",
                    "Meta did not confirm that this access token can read this phone number id in this WhatsApp Business Account.");
        }
        // A proven owner may learn that the number is already registered here: Meta shows them the number anyway. The
        // first proven registration keeps it (inbound events are routed by the number id, to one account).
        if (await db.PhoneNumbers.AnyAsync(p => p.Id == request.PhoneNumberId, cancellationToken))
        {
            return TakenElsewhere;
        }
        var verifyToken = request.VerifyToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var associated = MetaProvider.AssociatedData(request.PhoneNumberId!);
        var number = new PhoneNumber
        {
            Id = request.PhoneNumberId!,
            AccountId = accountId,
            WabaId = request.WabaId!,
            DisplayNumber = request.DisplayNumber!,
            VerifiedName = request.VerifiedName,
            Provider = PhoneNumberProvider.Meta,
            EncryptedAccessToken = protector.Encrypt(request.AccessToken!, associated),
            EncryptedAppSecret = protector.Encrypt(request.AppSecret!, associated),
            EncryptedVerifyToken = protector.Encrypt(verifyToken, associated),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        health?.ApplyTo(number, number.CreatedAt);
        db.PhoneNumbers.Add(number);
        try
        {
            await audit.SaveWithAuditAsync(db, PhoneNumberChanges.Entry(actor, AuditEventType.PhoneNumberRegistered, null, number), cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // A racing registration of the same number, here or in another account, saved first.
            if (await db.PhoneNumbers.AsNoTracking().AnyAsync(p => p.Id == number.Id, CancellationToken.None))
            {
                return TakenElsewhere;
            }
            throw;
        }
        return Outcome.Done(new RegisteredPhoneNumberResponse(PhoneNumberEndpoints.ToResponse(number), verifyToken));
    }

    private static void RequireDigits(string? value, string field, FieldErrors errors)
    {
        if (value is not { Length: > 0 and <= 32 } || !value.All(char.IsAsciiDigit))
        {
            errors.Add(field, "Required: Meta's id, 1 to 32 digits.");
        }
    }

    private static void RequireSecret(string? value, string field, int max, FieldErrors errors)
    {
        if (value is null || value.Length == 0 || value.Length > max || value.Any(char.IsControl))
        {
            errors.Add(field, $"Required, 1 to {max} characters.");
        }
    }
}
