using System.Diagnostics;
using OpenTelemetry;

namespace Keygate.Observability;

/// <summary>
/// Takes paths out of spans before they are exported, as the metrics never carry them: a path names key, phone number,
/// WABA and contact ids, and a webhook receiver's path may hold its own secret. A server span keeps its route template
/// (<c>http.route</c>: <c>/v1/keys/{id}</c>), a client span the host it called. Query strings, where a misplaced credential
/// could sit, go too (OpenTelemetry would only mask their values).
/// </summary>
internal sealed class UrlScrubbing : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        data.SetTag("url.path", null);
        data.SetTag("url.query", null);
        if (data.GetTagItem("url.full") is string full && Uri.TryCreate(full, UriKind.Absolute, out var url))
        {
            data.SetTag("url.full", url.GetLeftPart(UriPartial.Authority));
        }
    }
}
