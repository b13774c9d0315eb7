namespace Keygate.WhatsApp.Providers;

internal sealed class MetaOptions
{
    public const string Section = "Meta";

    /// <summary>Meta's Graph API host; tests point it at a local fake that honours Meta's contract.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.facebook.com");

    /// <summary>The Graph API version Keygate calls, whatever version the caller used.</summary>
    public string ApiVersion { get; set; } = "v23.0";

    /// <summary>One attempt's time limit; the whole call, retries included, gets three of them.</summary>
    public int AttemptTimeoutSeconds { get; set; } = 10;

    public int MaxRetries { get; set; } = 3;

    public int FirstRetryDelayMilliseconds { get; set; } = 200;
}
