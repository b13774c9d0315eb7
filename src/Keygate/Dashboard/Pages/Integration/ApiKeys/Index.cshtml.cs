using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.Dashboard.Pages;

/// <summary>Integration → API Keys: the list <c>GET /v1/keys</c> gives, with a day of usage per key.</summary>
internal sealed class ApiKeysModel(ListKeys list, KeygateDbContext db, TimeProvider time) : DashboardPage
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Environment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Label { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<KeyResponse> Keys { get; private set; } = [];

    public IReadOnlyDictionary<string, Sparkline> Sparklines { get; private set; } = new Dictionary<string, Sparkline>();

    public string? Next { get; private set; }

    public DateTime Now { get; private set; }

    public bool Filtered => Q is not null || Status is not null || Environment is not null || Label is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow().UtcDateTime;
        var outcome = await list.ListAsync(Caller, new KeyFilter(Status, Environment, Label, Q), PageSize, After, cancellationToken);
        if (Succeeded(outcome))
        {
            (Keys, Next) = (outcome.Value!.Items, outcome.Value.NextCursor);
        }
        Sparklines = await Dashboard.Sparklines.ForKeysAsync(db, [.. Keys.Select(k => k.Id)], time.GetUtcNow(), cancellationToken);
    }

    public string NextPageUrl(string cursor) => QueryHelpers.AddQueryString(DashboardPaths.Keys, new Dictionary<string, string?>
    {
        ["q"] = Q,
        ["status"] = Status,
        ["environment"] = Environment,
        ["label"] = Label,
        ["after"] = cursor,
    });
}
