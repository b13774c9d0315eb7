namespace Keygate.WhatsApp.Templates;

/// <summary>How often Keygate reads a real WABA's templates from Meta; webhooks keep them current in between.</summary>
internal sealed class TemplateSyncOptions
{
    public const string Section = "Templates";

    /// <summary>A WABA's templates are read again at the first need after this long, in case a webhook was missed.</summary>
    public int MaxAgeSeconds { get; set; } = 3600;

    /// <summary>
    /// At most one reading per WABA in this many seconds, whatever asks: a send naming a template Keygate lacks reads
    /// again only after it, so a client sending unknown names cannot make Keygate call Meta on every send.
    /// </summary>
    public int MinIntervalSeconds { get; set; } = 30;
}
