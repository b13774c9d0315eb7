using System.Net;
using System.Net.Sockets;

namespace Keygate.Http;

/// <summary>How Keygate reads a network someone typed: a CIDR block, or one address standing for itself.</summary>
internal static class CidrBlocks
{
    /// <summary>
    /// Reads "203.0.113.0/24", "2001:db8::/32" or a single address ("203.0.113.7" is /32). Refuses a block with bits set
    /// past its prefix: .NET would quietly mask "10.1.2.3/8" to 10.0.0.0/8, and a typo that widens a rule must be an error.
    /// </summary>
    public static bool TryParse(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (!text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var single))
        {
            text = $"{single}/{(single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)}";
        }
        return IPNetwork.TryParse(text, out network)
            && IPAddress.TryParse(text[..text.IndexOf('/', StringComparison.Ordinal)], out var written)
            && network.BaseAddress.Equals(written);
    }
}
