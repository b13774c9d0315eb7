using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.WhatsApp.Inbound;
using Keygate.WhatsApp.Providers;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>
/// <c>phone_number_quality_update</c>: Meta names the number by its display number, with the quality event (FLAGGED,
/// UNFLAGGED, DOWNGRADE, UPGRADE, …) and the messaging limit now in force. Keygate keeps both, then reads the number's
/// record again for the quality rating and status the event does not carry (kept as they were if Meta cannot be asked).
/// </summary>
internal sealed class NumberQualityHandler(IServiceScopeFactory scopes, IChangeNotifier changes, TimeProvider time) : IMetaChangeHandler
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(5);

    public async Task HandleAsync(string accountId, MetaChange change, CancellationToken cancellationToken)
    {
        if (change.Field != "phone_number_quality_update" || change.WabaId is null
            || GraphJson.Text(change.Value, "display_phone_number", 32) is not { } display)
        {
            return;
        }
        var digits = Digits(display);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var numbers = await db.PhoneNumbers.Where(p => p.AccountId == accountId && p.WabaId == change.WabaId && p.Provider == PhoneNumberProvider.Meta)
            .ToListAsync(cancellationToken);
        foreach (var number in numbers.Where(n => Digits(n.DisplayNumber) == digits))
        {
            number.QualityEvent = GraphJson.Text(change.Value, "event", 32) ?? number.QualityEvent;
            number.MessagingLimitTier = GraphJson.Text(change.Value, "current_limit", 32) ?? number.MessagingLimitTier;
            number.HealthCheckedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            // Meta waits for the webhook's answer and retries a slow one: the reading gets a short time of its own.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(ReadLimit);
            try
            {
                await RefreshPhoneNumber.ReadAsync(db, scope.ServiceProvider.GetRequiredService<SecretProtector>(),
                    scope.ServiceProvider.GetRequiredService<MetaCloudClient>(), number, time, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The event's own figures are kept; a refresh or the next event reads the rest.
            }
            await changes.PublishAsync(PhoneNumberDirectory.Changes, number.Id);
        }
    }

    private static string Digits(string number) => new([.. number.Where(char.IsAsciiDigit)]);
}
