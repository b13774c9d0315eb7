using Keygate.Authorization;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>A kind of Graph call: the permission it needs, and what Keygate learns or rewrites in Meta's answer.</summary>
internal sealed record GraphFamily(string Name, Permission Needs, GraphObjectKind? Learns = null, bool MediaRecord = false, long BodyCap = GraphFamilies.SmallBody)
{
    public bool Writes { get; init; }

    /// <summary>Reaches every number of the WABA (its app subscription, which carries all their events): not for a key bound to some.</summary>
    public bool WholeWaba { get; init; }
}

/// <summary>
/// Which Graph calls pass through to Meta, by the kind of object named first in the path, the edge after it and the
/// method, and the permission each needs. Deny by default: a call not in this table is answered as Meta answers a call
/// an object does not support, and never reaches Meta. <c>POST /{phone-number-id}/messages</c> is not here: sends have
/// their own endpoint.
/// </summary>
internal static class GraphFamilies
{
    /// <summary>JSON bodies: profiles, settings, templates, flow metadata.</summary>
    public const long SmallBody = 256 * 1024;

    /// <summary>A flow's JSON asset, as Meta takes it (up to 10 MB).</summary>
    public const long FlowAssetBody = 10L * 1024 * 1024;

    /// <summary>The largest media Meta takes (a 100 MB document), with room for the form around it.</summary>
    public const long MediaBody = 100L * 1024 * 1024 + 64 * 1024;

    private static readonly Dictionary<(GraphObjectKind Kind, string Edge, string Method), GraphFamily> Table = Build(
        (GraphObjectKind.PhoneNumber, "", "GET", new("phone number", Permission.PhoneNumbersRead)),
        (GraphObjectKind.PhoneNumber, "", "POST", Write("two-step verification", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "whatsapp_business_profile", "GET", new("business profile", Permission.PhoneNumbersRead)),
        (GraphObjectKind.PhoneNumber, "whatsapp_business_profile", "POST", Write("business profile", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "settings", "GET", new("settings", Permission.PhoneNumbersRead)),
        (GraphObjectKind.PhoneNumber, "settings", "POST", Write("settings", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "register", "POST", Write("registration", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "deregister", "POST", Write("registration", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "request_code", "POST", Write("registration", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "verify_code", "POST", Write("registration", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "media", "POST", Write("media", Permission.MediaWrite) with { Learns = GraphObjectKind.Media, BodyCap = MediaBody }),
        (GraphObjectKind.PhoneNumber, "block_users", "GET", new("block users", Permission.ContactsRead)),
        (GraphObjectKind.PhoneNumber, "block_users", "POST", Write("block users", Permission.ContactsWrite)),
        (GraphObjectKind.PhoneNumber, "block_users", "DELETE", Write("block users", Permission.ContactsWrite)),
        (GraphObjectKind.PhoneNumber, "message_qrdls", "GET", new("QR codes", Permission.PhoneNumbersRead)),
        (GraphObjectKind.PhoneNumber, "message_qrdls", "POST", Write("QR codes", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "message_qrdls", "DELETE", Write("QR codes", Permission.PhoneNumbersManage)),
        (GraphObjectKind.PhoneNumber, "whatsapp_commerce_settings", "GET", new("commerce settings", Permission.PhoneNumbersRead)),
        (GraphObjectKind.PhoneNumber, "whatsapp_commerce_settings", "POST", Write("commerce settings", Permission.CommerceManage)),
        (GraphObjectKind.Waba, "", "GET", new("business account", Permission.PhoneNumbersRead)),
        (GraphObjectKind.Waba, "phone_numbers", "GET", new("business account numbers", Permission.PhoneNumbersRead, GraphObjectKind.PhoneNumber)),
        (GraphObjectKind.Waba, "message_templates", "GET", new("templates", Permission.TemplatesRead, GraphObjectKind.Template)),
        (GraphObjectKind.Waba, "message_templates", "POST", Write("templates", Permission.TemplatesWrite) with { Learns = GraphObjectKind.Template }),
        (GraphObjectKind.Waba, "message_templates", "DELETE", Write("templates", Permission.TemplatesWrite)),
        (GraphObjectKind.Waba, "template_analytics", "GET", new("analytics", Permission.AnalyticsRead)),
        (GraphObjectKind.Waba, "flows", "GET", new("flows", Permission.FlowsRead, GraphObjectKind.Flow)),
        (GraphObjectKind.Waba, "flows", "POST", Write("flows", Permission.FlowsWrite) with { Learns = GraphObjectKind.Flow }),
        (GraphObjectKind.Waba, "subscribed_apps", "GET", new("subscribed apps", Permission.WebhooksManage) { WholeWaba = true }),
        (GraphObjectKind.Waba, "subscribed_apps", "POST", Write("subscribed apps", Permission.WebhooksManage) with { WholeWaba = true }),
        (GraphObjectKind.Waba, "subscribed_apps", "DELETE", Write("subscribed apps", Permission.WebhooksManage) with { WholeWaba = true }),
        (GraphObjectKind.Template, "", "GET", new("templates", Permission.TemplatesRead)),
        (GraphObjectKind.Template, "", "POST", Write("templates", Permission.TemplatesWrite)),
        (GraphObjectKind.Template, "", "DELETE", Write("templates", Permission.TemplatesWrite)),
        (GraphObjectKind.Flow, "", "GET", new("flows", Permission.FlowsRead)),
        (GraphObjectKind.Flow, "", "POST", Write("flows", Permission.FlowsWrite)),
        (GraphObjectKind.Flow, "", "DELETE", Write("flows", Permission.FlowsWrite)),
        (GraphObjectKind.Flow, "assets", "GET", new("flows", Permission.FlowsRead)),
        (GraphObjectKind.Flow, "assets", "POST", Write("flows", Permission.FlowsWrite) with { BodyCap = FlowAssetBody }),
        (GraphObjectKind.Flow, "publish", "POST", Write("flows", Permission.FlowsWrite)),
        (GraphObjectKind.Flow, "deprecate", "POST", Write("flows", Permission.FlowsWrite)),
        (GraphObjectKind.Media, "", "GET", new("media", Permission.MediaRead, MediaRecord: true)),
        (GraphObjectKind.Media, "", "DELETE", Write("media", Permission.MediaWrite)));

    /// <summary>A WABA read whose <c>fields</c> ask for analytics is an analytics call, whatever else it asks.</summary>
    private static readonly GraphFamily WabaAnalytics = new("analytics", Permission.AnalyticsRead);

    /// <summary>The largest body any family takes: the cap of the endpoint that serves them all, each family's own is applied per call.</summary>
    public static long LargestBody => Table.Values.Max(f => f.BodyCap);

    public static GraphFamily? Of(GraphObjectKind kind, string edge, string method, string? fields)
    {
        if (!Table.TryGetValue((kind, edge, method), out var family))
        {
            return null;
        }
        return kind == GraphObjectKind.Waba && edge.Length == 0 && fields?.Contains("analytics", StringComparison.OrdinalIgnoreCase) == true ? WabaAnalytics : family;
    }

    /// <summary>
    /// The calls a request makes through its <c>fields</c>: each name that is a readable edge of <paramref name="kind"/> is
    /// that edge's read, and its nested fields are read the same way on the edge's objects. Each needs its own permission.
    /// </summary>
    public static IEnumerable<GraphFamily> ExpandedBy(GraphObjectKind? kind, string fields)
    {
        if (kind is not { } of || fields.Length == 0)
        {
            yield break;
        }
        foreach (var (name, nested) in GraphFields.Read(fields))
        {
            if (Table.TryGetValue((of, name, "GET"), out var family))
            {
                yield return family;
                foreach (var deeper in ExpandedBy(family.Learns, nested))
                {
                    yield return deeper;
                }
            }
        }
    }

    private static GraphFamily Write(string name, Permission needs) => new(name, needs) { Writes = true };

    private static Dictionary<(GraphObjectKind, string, string), GraphFamily> Build(params (GraphObjectKind Kind, string Edge, string Method, GraphFamily Family)[] rows) =>
        rows.ToDictionary(r => (r.Kind, r.Edge, r.Method), r => r.Family);
}
