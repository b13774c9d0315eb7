using System.Text.Json;
using Keygate.Audit;
using Keygate.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Audit: the trail through the service and filters behind <c>GET /v1/audit</c>, newest first; the export links are that
/// API's export with the same filters (the session cookie authenticates them), and Verify runs its chain check.
/// </summary>
[RequirePermission(Permission.AuditRead)]
internal sealed class AuditModel(ListAuditEvents events, VerifyAuditChain chain) : DashboardPage
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    /// <summary>A <c>datetime-local</c> value, read as UTC as the API reads a time without an offset.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Set by the Verify chain button: checking is a read, so it is a GET like the API's.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Verify { get; set; }

    public IReadOnlyList<AuditEventResponse> Events { get; private set; } = [];

    public string? Next { get; private set; }

    public AuditVerification? Verification { get; private set; }

    public bool Filtered => Type is not null || Actor is not null || Target is not null || From is not null || To is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Verify)
        {
            Verification = await chain.VerifyAsync(Caller, cancellationToken);
        }
        var fields = FieldsNamed(("type", nameof(Type)), ("actor", nameof(Actor)), ("target", nameof(Target)), ("from", nameof(From)), ("to", nameof(To)));
        var listed = await events.ListAsync(Caller, new AuditFilter(Type, Actor, Target, From, To), PageSize, After, cancellationToken);
        if (Succeeded(listed, fields))
        {
            Events = listed.Value!.Items;
            Next = listed.Value.NextCursor;
        }
    }

    public string ExportUrl(string format) => QueryHelpers.AddQueryString("/v1/audit/export", Filters(("format", format)));

    public string NextPageUrl(string cursor) => QueryHelpers.AddQueryString(DashboardPaths.Audit, Filters(("after", cursor)));

    private Dictionary<string, string?> Filters((string Name, string Value) extra) => new()
    {
        ["type"] = Type,
        ["actor"] = Actor,
        ["target"] = Target,
        ["from"] = From,
        ["to"] = To,
        [extra.Name] = extra.Value,
    };

    /// <summary>
    /// Each changed field with its value before and after. A fact of the action that is no before/after pair (the alert
    /// behind a key disabled for misuse) is shown as an "after" of its own.
    /// </summary>
    public static IEnumerable<(string Field, string Before, string After)> ChangesOf(AuditEventResponse entry) =>
        entry.Changes is { ValueKind: JsonValueKind.Object } changes
            ? changes.EnumerateObject().Select(change =>
                change.Value.ValueKind == JsonValueKind.Object && change.Value.TryGetProperty("after", out var after)
                    ? (change.Name, Format.Json(change.Value.TryGetProperty("before", out var before) ? before : null), Format.Json(after))
                    : (change.Name, Format.Json(null), Format.Json(change.Value)))
            : [];

    /// <summary>Where the entry's target is shown in the dashboard, if it has a page.</summary>
    public static string? TargetUrl(AuditEventResponse entry) => entry switch
    {
        { TargetType: "key", TargetId: { } key } => DashboardPaths.Key(key),
        { TargetType: "webhook", TargetId: { } webhook } => DashboardPaths.Webhook(webhook),
        _ => null,
    };
}
