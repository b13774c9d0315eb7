using System.Collections.Concurrent;
using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Templates;

/// <summary>
/// Approved templates by WABA, name and language, kept in memory for a short while: every template send
/// checks its template, and templates change rarely (a change on this node shows at once, on others within
/// <see cref="TimeToLive"/>).
/// </summary>
internal sealed class TemplateCache(IServiceScopeFactory scopes, TimeProvider time, MetaTemplateSync meta)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(string WabaId, string Name, string Language), (MessageTemplate? Template, long LoadedAt)> _entries = new();

    /// <summary>A template was created or deleted: every language of it is read again.</summary>
    public void Forget(string wabaId, string name)
    {
        foreach (var key in _entries.Keys.Where(k => k.WabaId == wabaId && k.Name == name))
        {
            _entries.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// The category of the template a send names, wherever the number's templates live: Keygate's own for the sandbox,
    /// Meta's (<see cref="MetaTemplateSync"/>) for a real number. Null with <c>Known</c> when there is no such template;
    /// null without it when Meta could not be asked.
    /// </summary>
    public async Task<(string? Category, bool Known)> CategoryOfAsync(PhoneNumber number, string name, string language, CancellationToken cancellationToken)
    {
        if (number.Provider == PhoneNumberProvider.Sandbox)
        {
            return ((await FindApprovedAsync(number.WabaId, name, language, cancellationToken))?.Category, true);
        }
        var (template, known) = await meta.FindAsync(number, name, language, cancellationToken);
        return (template?.Category, known);
    }

    public async ValueTask<MessageTemplate?> FindApprovedAsync(string wabaId, string name, string language, CancellationToken cancellationToken)
    {
        var key = (wabaId, name, language);
        if (_entries.TryGetValue(key, out var entry) && time.GetElapsedTime(entry.LoadedAt) < TimeToLive)
        {
            return entry.Template;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var template = await db.MessageTemplates.AsNoTracking()
            .FirstOrDefaultAsync(t => t.WabaId == wabaId && t.Name == name && t.Language == language && t.Status == "APPROVED", cancellationToken);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[key] = (template, time.GetTimestamp());
        return template;
    }
}
