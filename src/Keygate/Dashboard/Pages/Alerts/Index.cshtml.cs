using Keygate.Authorization;
using Keygate.Misuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Alerts: the account's misuse alerts through the service behind <c>GET /v1/alerts</c>, open ones first. Without a status
/// filter the open and the resolved are two lists, each newest first; paging on from either goes on in that one status.
/// </summary>
[RequirePermission(Permission.KeysRead)]
internal sealed class AlertsModel(ListAlerts alerts) : DashboardPage
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
            var listed = await alerts.ListAsync(Caller, status, KeyId, Kind, PageSize, After, cancellationToken);
            if (!Succeeded(listed, fields))
            {
                break;
            }
            var page = listed.Value!;
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
