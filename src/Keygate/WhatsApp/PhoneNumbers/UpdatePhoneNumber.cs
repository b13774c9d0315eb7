using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.Messages;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>
/// A number's new test recipients as read from a request (null: left as they are; a null item: not text). What the
/// adapter could not read is in <see cref="Unread"/>, answered only once the number is known to exist.
/// </summary>
internal sealed record PhoneNumberChange(IReadOnlyList<string?>? TestRecipients, FieldErrors? Unread = null);

/// <summary>
/// The sandbox number's test recipients (<c>PATCH /v1/phone-numbers/{id}</c>, the Phone numbers page): the wa ids
/// non-production keys may message through the sandbox. The list is replaced whole.
/// </summary>
internal sealed class UpdatePhoneNumber(KeygateDbContext db, AuditLog audit, IChangeNotifier changes)
{
    public const int MaxTestRecipients = 50;

    public static string RecipientsRule { get; } = $"An array of at most {MaxTestRecipients} phone numbers.";

    public async Task<Outcome<PhoneNumberResponse>> UpdateAsync(Actor actor, string id, PhoneNumberChange change, CancellationToken cancellationToken)
    {
        var accountId = actor.Caller.AccountId;
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);
        if (number is null)
        {
            return Refusal.NotFound("phone number");
        }
        var before = PhoneNumberChanges.Snapshot(number);
        var errors = change.Unread ?? new FieldErrors();
        if (change.TestRecipients is { } items && ReadRecipients(items, errors) is { } recipients)
        {
            number.TestRecipients = recipients;
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        await audit.SaveWithAuditAsync(db, PhoneNumberChanges.Entry(actor, AuditEventType.PhoneNumberUpdated, before, number), cancellationToken);
        await changes.PublishAsync(PhoneNumberDirectory.Changes, number.Id);
        return Outcome.Done(PhoneNumberEndpoints.ToResponse(number));
    }

    private static List<string>? ReadRecipients(IReadOnlyList<string?> items, FieldErrors errors)
    {
        if (items.Count > MaxTestRecipients)
        {
            errors.Add("testRecipients", RecipientsRule);
            return null;
        }
        var recipients = new List<string>();
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is { } item && WaIds.Normalize(item) is { } waId)
            {
                recipients.Add(waId);
            }
            else
            {
                errors.Add($"testRecipients[{index}]", "A phone number: 7 to 15 digits, with or without '+'.");
            }
        }
        return [.. recipients.Distinct(StringComparer.Ordinal)];
    }
}
