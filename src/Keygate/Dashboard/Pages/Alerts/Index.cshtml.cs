using Keygate.Authorization;
using Keygate.Http;
using Keygate.Misuse;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Alerts: the account's misuse alerts through <c>GET /v1/alerts</c>'s own handler, open ones first. Without a status
/// filter the open and the resolved are two lists, each newest first; paging on from either goes on in that one status.
/// </summary>
[RequirePermission(Permission.KeysRead)]
internal sealed class AlertsModel(KeygateDbContext db) : DashboardPage
{
    private const int PageSize = 50;

    public sealed record Section(string Status, string Heading, IReadOnlyList<AlertResponse> Alerts, string? Next);

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? KeyId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public bool Filtered => KeyId is not null || Kind is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var fields = FieldsNamed(("status", nameof(Status)), ("keyId", nameof(KeyId)), ("kind", nameof(Kind)));
        var sections = new List<Section>();
        foreach (var status in Status is null ? ["open", "resolved"] : new[] { Status })
        {
            var result = await AlertEndpoints.ListAsync(status, KeyId, Kind, PageSize, After, HttpContext, db, cancellationToken);
            if (Take<Page<AlertResponse>>(result, fields) is not { } page)
            {
                break;
            }
            sections.Add(new Section(status, status == "open" ? "Open" : "Resolved", page.Items, page.NextCursor));
        }
        Sections = sections;
    }

    public string NextPageUrl(Section section) => QueryHelpers.AddQueryString(DashboardPaths.Alerts, new Dictionary<string, string?>
    {
        ["status"] = section.Status,
        ["keyId"] = KeyId,
        ["kind"] = Kind,
        ["after"] = section.Next,
    });

    public static string Label(string name) => name.Replace('_', ' ');
}
