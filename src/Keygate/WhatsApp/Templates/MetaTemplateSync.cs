using System.Collections.Concurrent;
using System.Text.Json;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Templates;

/// <summary>
/// A real WABA's templates, read from Meta (every page of <c>GET /{waba-id}/message_templates</c>, with the token of the
/// account's number) when first needed, again once <see cref="TemplateSyncOptions.MaxAgeSeconds"/> old, and again when a
/// send names one Keygate lacks; never more than once per <see cref="TemplateSyncOptions.MinIntervalSeconds"/> per WABA,
/// and one reading at a time however many sends wait for it. Webhooks (<see cref="TemplateChangeHandler"/>) keep them
/// current in between. The templates and when they were read (<see cref="TemplateReading"/>) are stored, so every node
/// and a restart start from the last reading, and the interval holds for all nodes together: a reading is claimed in the
/// store, and only one claim per interval succeeds.
/// </summary>
internal sealed class MetaTemplateSync(IServiceScopeFactory scopes, TimeProvider time, IOptions<TemplateSyncOptions> options)
{
    /// <summary>Meta allows up to 6,000 templates per WABA: 60 pages of 100.</summary>
    private const int MaxPages = 60;

    // The reading this node has in flight per WABA, which every caller on this node joins. It lasts only as long as the
    // reading, so it is no state shared across requests: whether any node may read at all is claimed in the store.
    private readonly ConcurrentDictionary<(string AccountId, string WabaId), Lazy<Task<bool>>> _reading = new();

    private TimeSpan MaxAge => TimeSpan.FromSeconds(options.Value.MaxAgeSeconds);

    private TimeSpan MinInterval => TimeSpan.FromSeconds(options.Value.MinIntervalSeconds);

    /// <summary>
    /// The template a send through <paramref name="number"/> names, and whether Keygate knows the WABA's templates: a null
    /// template is missing at Meta when known, and could not be judged when not (no listing of Meta's ever stored).
    /// </summary>
    public async Task<(MetaTemplate? Template, bool Known)> FindAsync(PhoneNumber number, string name, string language, CancellationToken cancellationToken)
    {
        var known = await EnsureReadAsync(number, cancellationToken);
        var template = await LoadAsync(number, name, language, cancellationToken);
        if (template is null && await RefreshAsync(number, cancellationToken))
        {
            known = true;
            template = await LoadAsync(number, name, language, cancellationToken);
        }
        return (template, template is not null || known);
    }

    /// <summary>
    /// Reads the WABA's templates from Meta unless a reading younger than the age limit is stored; true when a reading
    /// (of any age) is stored.
    /// </summary>
    public async Task<bool> EnsureReadAsync(PhoneNumber number, CancellationToken cancellationToken)
    {
        DateTime? readAt;
        await using (var scope = scopes.CreateAsyncScope())
        {
            readAt = await Reading(scope.ServiceProvider.GetRequiredService<KeygateDbContext>(), number.AccountId, number.WabaId)
                .Select(r => r.ReadAt).FirstOrDefaultAsync(cancellationToken);
        }
        if (readAt is { } at && time.GetUtcNow().UtcDateTime - at < MaxAge)
        {
            return true;
        }
        return await RefreshAsync(number, cancellationToken) || readAt is not null;
    }

    /// <summary>
    /// A template the webhook names was changed; one Keygate does not hold (new at Meta, or never read) makes the next
    /// need read the WABA again at once.
    /// </summary>
    public async Task ChangeAsync(KeygateDbContext db, string accountId, string wabaId, string templateId, Action<MetaTemplate> change,
        CancellationToken cancellationToken)
    {
        var template = await db.MetaTemplates.FirstOrDefaultAsync(t => t.AccountId == accountId && t.WabaId == wabaId && t.Id == templateId, cancellationToken);
        if (template is null)
        {
            await Reading(db, accountId, wabaId).ExecuteDeleteAsync(cancellationToken);
            return;
        }
        change(template);
        template.UpdatedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A listing removed the template meanwhile (deleted at Meta): nothing is left to change.
        }
    }

    /// <summary>A reading from Meta, unless one was claimed within the minimum interval; true when it stored Meta's templates.</summary>
    private async Task<bool> RefreshAsync(PhoneNumber number, CancellationToken cancellationToken)
    {
        var key = (number.AccountId, number.WabaId);
        var reading = _reading.GetOrAdd(key, _ => new Lazy<Task<bool>>(() => ReadFromMetaAsync(number)));
        try
        {
            return await reading.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _reading.TryRemove(KeyValuePair.Create(key, reading));
        }
    }

    /// <summary>Shared by every caller waiting for it, so it runs to the end whoever gives up (Meta's client bounds its time).</summary>
    private async Task<bool> ReadFromMetaAsync(PhoneNumber number)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        if (!await ClaimAsync(db, number))
        {
            return false;
        }
        var meta = scope.ServiceProvider.GetRequiredService<MetaCloudClient>();
        var token = NumberToken.Of(scope.ServiceProvider.GetRequiredService<SecretProtector>(), number);
        var listed = new List<MetaTemplate>();
        string? after = null;
        try
        {
            for (var page = 0; page < MaxPages; page++)
            {
                var answer = await meta.ListTemplatesAsync(number.WabaId, token, after, CancellationToken.None);
                if (!answer.Succeeded || GraphJson.Read(answer.Body, root => GraphJson.Data(root).Select(t => FromListing(number, t)).OfType<MetaTemplate>().ToList())
                    is not { } templates)
                {
                    return false;
                }
                listed.AddRange(templates);
                after = GraphJson.Read(answer.Body, GraphJson.NextCursor);
                if (after is null)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (MetaFailures.Unanswered(exception, CancellationToken.None))
        {
            return false;
        }
        // A listing cut short says nothing of the templates it did not reach: keep what is stored.
        if (after is not null)
        {
            return false;
        }
        try
        {
            await StoreAsync(db, number, listed);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || UniqueViolation.Is(exception))
        {
            // Another node stored the same listing first (or a webhook changed a row meanwhile): its rows stand.
            return false;
        }
        return true;
    }

    /// <summary>
    /// Claims the WABA's next reading: moves its last try to now only if the minimum interval has passed since, so of
    /// the nodes that ask at once exactly one wins, and a restart does not read again sooner.
    /// </summary>
    private async Task<bool> ClaimAsync(KeygateDbContext db, PhoneNumber number)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = now - MinInterval;
        var reading = Reading(db, number.AccountId, number.WabaId);
        if (await reading.Select(r => (DateTime?)r.TriedAt).FirstOrDefaultAsync() is { } triedAt)
        {
            // Read first, so that sends naming unknown templates within the interval cost no write; between nodes that
            // both found it due, the update's own condition decides.
            return triedAt <= due && await reading.Where(r => r.TriedAt <= due).ExecuteUpdateAsync(set => set.SetProperty(r => r.TriedAt, now)) == 1;
        }
        db.TemplateReadings.Add(new TemplateReading { AccountId = number.AccountId, WabaId = number.WabaId, TriedAt = now });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Another node claimed the WABA's first reading at the same moment.
            return false;
        }
    }

    private static IQueryable<TemplateReading> Reading(KeygateDbContext db, string accountId, string wabaId) =>
        db.TemplateReadings.Where(r => r.AccountId == accountId && r.WabaId == wabaId);

    /// <summary>Meta's listing replaces what was stored of the WABA: templates deleted at Meta go.</summary>
    private async Task StoreAsync(KeygateDbContext db, PhoneNumber number, List<MetaTemplate> listed)
    {
        var reading = await Reading(db, number.AccountId, number.WabaId).FirstOrDefaultAsync();
        var stored = await db.MetaTemplates.Where(t => t.AccountId == number.AccountId && t.WabaId == number.WabaId).ToDictionaryAsync(t => t.Id);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var template in listed.DistinctBy(t => t.Id))
        {
            if (stored.Remove(template.Id, out var existing))
            {
                existing.Name = template.Name;
                existing.Language = template.Language;
                existing.Status = template.Status;
                existing.Category = template.Category;
                existing.Quality = template.Quality;
                existing.Components = template.Components;
                existing.UpdatedAt = now;
            }
            else
            {
                template.UpdatedAt = now;
                db.MetaTemplates.Add(template);
            }
        }
        db.MetaTemplates.RemoveRange(stored.Values);
        // Gone when a webhook named a template this listing may predate: then the next need reads again.
        if (reading is not null)
        {
            reading.ReadAt = now;
        }
        await db.SaveChangesAsync();
    }

    private async Task<MetaTemplate?> LoadAsync(PhoneNumber number, string name, string language, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KeygateDbContext>().MetaTemplates.AsNoTracking().FirstOrDefaultAsync(
            t => t.AccountId == number.AccountId && t.WabaId == number.WabaId && t.Name == name && t.Language == language, cancellationToken);
    }

    /// <summary>One template of Meta's listing; one without the fields Keygate needs is skipped.</summary>
    private static MetaTemplate? FromListing(PhoneNumber number, JsonElement template)
    {
        var id = GraphJson.Text(template, "id", 32);
        var name = GraphJson.Text(template, "name", 512);
        var language = GraphJson.Text(template, "language", 15);
        var status = GraphJson.Text(template, "status", 32);
        var category = GraphJson.Text(template, "category", 32);
        if (id is null || name is null || language is null || status is null || category is null)
        {
            return null;
        }
        return new MetaTemplate
        {
            AccountId = number.AccountId,
            WabaId = number.WabaId,
            Id = id,
            Name = name,
            Language = language,
            Status = status.ToUpperInvariant(),
            Category = category.ToUpperInvariant(),
            Quality = template.TryGetProperty("quality_score", out var quality) ? GraphJson.Text(quality, "score", 32) : null,
            Components = template.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array ? components.GetRawText() : "[]",
        };
    }
}
