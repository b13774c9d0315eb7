using System.ComponentModel.DataAnnotations;

namespace Keygate.Webhooks;

/// <summary>Outbound webhook settings, under <c>Webhooks:</c>. The defaults suit a server on the public internet.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Allows callback URLs that resolve to loopback, private, link-local and other non-public addresses.
    /// Off by default: a subscription must not become a way to make Keygate call into its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Allows plain-http callback URLs. Off by default: payloads carry message content, and Meta itself requires https.</summary>
    public bool AllowHttp { get; set; }

    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts before a delivery is marked failed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; each further failure doubles it, up to <see cref="MaxRetrySeconds"/>.</summary>
    [Range(1, 3600)]
    public int FirstRetrySeconds { get; set; } = 10;

    [Range(1, 86_400)]
    public int MaxRetrySeconds { get; set; } = 3600;

    /// <summary>
    /// Deliveries older than this are removed from the log, whatever their state. It is also how long a change Meta
    /// sends again is recognised and not forwarded twice: the default matches the week Meta keeps retrying.
    /// </summary>
    [Range(1, 365)]
    public int RetentionDays { get; set; } = 7;

    public TimeSpan RetryDelay(int failedAttempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetrySeconds, FirstRetrySeconds * Math.Pow(2, Math.Min(failedAttempts - 1, 30))));
}
