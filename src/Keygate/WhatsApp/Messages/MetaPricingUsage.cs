using System.Text.Json;
using Keygate.Storage;
using Keygate.Usage;
using Keygate.WhatsApp.Inbound;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Counts the messages keys sent through real numbers by the pricing category Meta's statuses report
/// (<c>statuses[].pricing.category</c>), once per message however many of its statuses carry it, and only for
/// messages of the account whose number signed the event.
/// </summary>
internal sealed class MetaPricingUsage(IServiceScopeFactory scopes, UsageRecorder usage, TimeProvider time) : IMetaChangeHandler
{
    public async Task HandleAsync(string accountId, MetaChange change, CancellationToken cancellationToken)
    {
        if (change.PhoneNumberId is null || change.Value.ValueKind != JsonValueKind.Object
            || !change.Value.TryGetProperty("statuses", out var statuses) || statuses.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        foreach (var status in statuses.EnumerateArray())
        {
            if (MessageContentRules.String(status, "id") is { } wamid && CategoryOf(status) is { } category)
            {
                await CountOnceAsync(db, accountId, change.PhoneNumberId, wamid, category, cancellationToken);
            }
        }
    }

    private async Task CountOnceAsync(KeygateDbContext db, string accountId, string phoneNumberId, string wamid, string category, CancellationToken cancellationToken)
    {
        var keyId = await db.Messages.AsNoTracking()
            .Where(m => m.Id == wamid && m.AccountId == accountId && m.PhoneNumberId == phoneNumberId && m.Direction == MessageDirection.Outbound)
            .Select(m => m.KeyId).FirstOrDefaultAsync(cancellationToken);
        if (keyId is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        // The primary key decides, atomically and across nodes, which status of the message is the one counted.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "PricedMessages" ("MessageId", "Category", "At") VALUES ({wamid}, {category}, {now.UtcDateTime})
            ON CONFLICT ("MessageId") DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            usage.RecordCategory(keyId, accountId, category, now);
        }
    }

    /// <summary>
    /// One of the four categories; Meta's variants of one (<c>authentication_international</c>, <c>marketing_lite</c>) count
    /// as it, and anything else is not counted rather than counted under a name no quota knows.
    /// </summary>
    private static string? CategoryOf(JsonElement status) =>
        status.TryGetProperty("pricing", out var pricing) && MessageContentRules.String(pricing, "category") is { } category
            ? PricingCategories.All.FirstOrDefault(c => category == c || category.StartsWith(c + "_", StringComparison.Ordinal))
            : null;
}
