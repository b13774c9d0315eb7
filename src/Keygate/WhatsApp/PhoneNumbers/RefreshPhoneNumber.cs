using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.WhatsApp.Providers;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>
/// <c>POST /v1/phone-numbers/{id}/refresh</c> and the Phone numbers page: reads a real number's health from Meta again, with its stored token, and
/// keeps it. The sandbox number has no health at Meta and comes back as it is.
/// </summary>
internal sealed class RefreshPhoneNumber(KeygateDbContext db, SecretProtector protector, MetaCloudClient meta, IChangeNotifier changes,
    TimeProvider time)
{
    public async Task<Outcome<PhoneNumberResponse>> RefreshAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var accountId = actor.Caller.AccountId;
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);
        if (number is null)
        {
            return Refusal.NotFound("phone number");
        }
        if (number.Provider == PhoneNumberProvider.Meta)
        {
            switch (await ReadAsync(db, protector, meta, number, time, cancellationToken))
            {
                case OwnershipProof.MetaUnavailable:
                    return Refusal.Unavailable("Meta could not be asked about this number; try again later.");
                case OwnershipProof.NotProven:
                    return Refusal.Conflict("Meta no longer lets this number's stored access token read it; register the number again with a valid token.");
            }
            await changes.PublishAsync(PhoneNumberDirectory.Changes, number.Id);
        }
        return Outcome.Done(PhoneNumberEndpoints.ToResponse(number));
    }

    /// <summary>Reads the number's record from Meta and stores the health it reports (tracked <paramref name="number"/>, saved here).</summary>
    public static async Task<OwnershipProof> ReadAsync(KeygateDbContext db, SecretProtector protector, MetaCloudClient meta, PhoneNumber number,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (proof, health) = await MetaOwnership.ReadAsync(meta, number.Id, NumberToken.Of(protector, number), cancellationToken);
        if (health is not null)
        {
            health.ApplyTo(number, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
        }
        return proof;
    }
}
