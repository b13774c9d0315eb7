using System.Net;
using System.Net.Sockets;

namespace Keygate.Webhooks;

/// <summary>Which addresses a callback may reach: public unicast ones only, unless configuration allows private networks.</summary>
internal static class CallbackAddresses
{
    private static readonly IPNetwork[] NotPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", and the unspecified address
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT: another provider's inside
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, where cloud metadata services listen
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking networks
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, and broadcast
        IPNetwork.Parse("::/96"),            // unspecified, loopback (::1) and IPv4-compatible (deprecated; some stacks route ::a.b.c.d to a.b.c.d)
        IPNetwork.Parse("64:ff9b:1::/48"),   // local-use NAT64: translated by the operator's own gateway, to anything behind it
        IPNetwork.Parse("2002::/16"),        // 6to4: a relay delivers to the IPv4 address inside, private ones included
        IPNetwork.Parse("fc00::/7"),         // unique local (private)
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated, still routed inside some networks)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    // IPv6 forms that carry an IPv4 address: judged by the address inside, or ::ffff:10.0.0.1 would pass.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }
        foreach (var network in NotPublic)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }
        return true;
    }
}
