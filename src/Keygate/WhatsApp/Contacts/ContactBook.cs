using Keygate.Accounts;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary>
/// What other WhatsApp features ask of the contacts: sending checks opt-in, inbound messages add the sender.
/// Each call uses its own database context, so it never saves, or is saved with, a caller's unfinished changes.
/// </summary>
internal sealed class ContactBook(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>
    /// The opt-in state of the account's contact with this number (written in any form <c>to</c> accepts),
    /// or null when the account has no such contact.
    /// </summary>
    public async Task<OptInState?> OptInOfAsync(string accountId, string waId, CancellationToken cancellationToken)
    {
        if (!ContactNumber.TryNormalize(waId, out var number))
        {
            return null;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        return await db.Contacts.Where(c => c.AccountId == accountId && c.WaId == number)
            .Select(c => (OptInState?)c.OptIn).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Someone wrote in: adds them as a contact (opt-in unknown: writing in is not consent to marketing) if
    /// the account has none with this number, and gives a nameless contact their WhatsApp profile name.
    /// A name someone already gave the contact is kept.
    /// </summary>
    /// <exception cref="ArgumentException">The number is not a WhatsApp number (<see cref="ContactNumber.Rule"/>).</exception>
    public async Task RecordInboundAsync(string accountId, string waId, string? profileName, CancellationToken cancellationToken)
    {
        if (!ContactNumber.TryNormalize(waId, out var number))
        {
            throw new ArgumentException(ContactNumber.Rule, nameof(waId));
        }
        var name = ProfileName(profileName);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
            var now = time.GetUtcNow().UtcDateTime;
            var contact = await db.Contacts.FirstOrDefaultAsync(c => c.AccountId == accountId && c.WaId == number, cancellationToken);
            if (contact is null)
            {
                db.Contacts.Add(new Contact
                {
                    Id = Ids.New(Contact.IdPrefix),
                    AccountId = accountId,
                    WaId = number,
                    Name = name,
                    CreatedAt = now,
                    UpdatedAt = now,
                    Version = 1,
                });
            }
            else if (contact.Name is null && name is not null)
            {
                contact.Name = name;
                contact.UpdatedAt = now;
                contact.Version++;
            }
            else
            {
                return;
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException exception) when (attempt == 1 && (exception is DbUpdateConcurrencyException || UniqueViolation.Is(exception)))
            {
                // Another message from the same sender, or an edit, got there first: look again.
            }
        }
    }

    /// <summary>Profile names are the sender's own text: kept to what a contact's name may be, never refused.</summary>
    private static string? ProfileName(string? profileName)
    {
        var name = new string((profileName ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        var length = Math.Min(name.Length, ContactFields.MaxNameLength);
        if (length < name.Length && char.IsHighSurrogate(name[length - 1]))
        {
            length--; // never cut an emoji in half
        }
        return length == 0 ? null : name[..length].TrimEnd();
    }
}
