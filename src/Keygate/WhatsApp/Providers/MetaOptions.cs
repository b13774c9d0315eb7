namespace Keygate.WhatsApp.Providers;

internal sealed class MetaOptions
{
    public const string Section = "Meta";

    /// <summary>Meta's Graph API host; tests point it at a local fake that honours Meta's contract.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.facebook.com");

    /// <summary>The Graph API version Keygate calls, whatever version the caller used.</summary>
    public string ApiVersion { get; set; } = "v23.0";

    /// <summary>
    /// One attempt's time limit. A read is tried again after it (the whole read, retries included, gets
    /// <see cref="MaxRetries"/> + 1 of them); a send's caller is answered 503 after it while the send itself goes on.
    /// </summary>
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long a send that outlived <see cref="AttemptTimeoutSeconds"/> is left to finish: Meta's late answer is
    /// stored (history, usage, the Idempotency-Key's answer) rather than lost, since the message may have gone out.
    /// </summary>
    public int SendTimeoutSeconds { get; set; } = 120;

    /// <summary>Retries of a read; a send is retried only when the connection to Meta could not even be made.</summary>
    public int MaxRetries { get; set; } = 3;

    public int FirstRetryDelayMilliseconds { get; set; } = 200;
}
