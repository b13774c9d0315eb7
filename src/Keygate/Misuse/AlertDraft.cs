using System.Text.Json.Nodes;
using Keygate.Keys;

namespace Keygate.Misuse;

/// <summary>A suspicion raised on the request path, persisted (and acted on) by <see cref="AlertWriter"/>.</summary>
internal sealed record AlertDraft(KeySnapshot Key, AlertKind Kind, AlertSeverity Severity, JsonObject Evidence, AlertAction Action = AlertAction.None);
