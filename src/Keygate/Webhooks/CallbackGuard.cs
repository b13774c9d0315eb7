using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Keygate.Webhooks;

/// <summary>
/// Keeps callbacks off loopback, private and link-local networks (unless <see cref="WebhookOptions.AllowPrivateNetworks"/>):
/// checked when a URL is saved, for a clear error, and again on every connection, which goes to the very
/// addresses just checked, so a host name re-pointed after the check (DNS rebinding) cannot slip through.
/// </summary>
internal sealed class CallbackGuard(IOptions<WebhookOptions> options)
{
    private readonly bool _allowPrivate = options.Value.AllowPrivateNetworks;

    /// <summary>Why a callback URL may not be saved, or null when it may.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        if (_allowPrivate)
        {
            return null;
        }
        try
        {
            return Refusal(await ResolveAsync(url.IdnHost, cancellationToken));
        }
        catch (SocketException)
        {
            return $"The host {url.Host} does not resolve.";
        }
    }

    /// <summary>The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (!_allowPrivate && Refusal(addresses) is { } refusal)
        {
            throw new CallbackRefusedException(refusal);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Refused if any address is not public: which one a client would pick is not ours to predict.</summary>
    private static string? Refusal(IPAddress[] addresses) =>
        addresses.FirstOrDefault(a => !CallbackAddresses.IsPublic(a)) is { } refused
            ? $"Resolves to {refused}, a loopback, private, link-local or otherwise non-public address; callbacks must reach a public address."
            : addresses.Length == 0 ? "The host has no addresses." : null;

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A connection refused by <see cref="CallbackGuard"/>; its message is safe to show in the delivery log.</summary>
internal sealed class CallbackRefusedException(string message) : Exception(message);
