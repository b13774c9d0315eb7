using Microsoft.AspNetCore.HttpOverrides;

namespace Keygate.Http;

internal static class TrustedProxies
{
    /// <summary>
    /// With trusted proxies configured, the client's address and scheme come from their forwarded headers: IP allowlists,
    /// login throttling and misuse detection see the real client, and the session cookie is Secure and <c>__Host-</c>
    /// prefixed behind a TLS-terminating proxy. Fails at start-up on an entry that is not an address or CIDR block.
    /// </summary>
    public static IApplicationBuilder UseKeygateTrustedProxies(this WebApplication app)
    {
        var configured = app.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>()?.TrustedProxies ?? [];
        if (configured.Count == 0)
        {
            return app;
        }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; only what the operator listed is trusted.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var entry in configured)
        {
            if (!CidrBlocks.TryParse(entry, out var network))
            {
                throw new InvalidOperationException($"Http:TrustedProxies: '{entry}' is not an IP address or a CIDR block with no bits past its prefix.");
            }
            options.KnownIPNetworks.Add(network);
        }
        return app.UseForwardedHeaders(options);
    }
}
