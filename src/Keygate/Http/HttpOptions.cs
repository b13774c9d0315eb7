namespace Keygate.Http;

/// <summary>The <c>Http</c> section: who stands in front of Keygate, and which other origins its sessions may come from.</summary>
internal sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>
    /// Addresses or CIDR blocks of the reverse proxies in front of Keygate (TLS terminators, load balancers). Only a
    /// request arriving from one of them may say, in <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the client
    /// was and that it used HTTPS. Empty (the default): those headers are ignored, so nobody can claim another address.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// Origins besides Keygate's own (scheme, host and port of the request) from which a session may change things
    /// through the API: needed only behind a proxy that rewrites the Host header. Entries like <c>https://keys.example.com</c>.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
