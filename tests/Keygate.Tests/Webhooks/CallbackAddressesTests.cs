using System.Net;
using Keygate.Webhooks;

namespace Keygate.Tests.Webhooks;

public sealed class CallbackAddressesTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    public void IsPublic_RefusesLoopbackPrivateLinkLocalAndTheirDisguises(string address) =>
        Assert.False(CallbackAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2002:808:808::1")]       // 6to4: a relay reaches the IPv4 address inside, whichever it is
    [InlineData("2002:a00:1::1")]
    [InlineData("::808:808")]             // IPv4-compatible (deprecated): some stacks still route it to the IPv4 address
    [InlineData("::a00:1")]
    [InlineData("::7f00:1")]
    [InlineData("64:ff9b:1::808:808")]    // local-use NAT64: a translator inside the operator's own network
    [InlineData("64:ff9b:1:ffff::1")]
    public void IsPublic_RefusesSixToFourIpv4CompatibleAndLocalNat64(string address) =>
        Assert.False(CallbackAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("31.13.64.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("2a03:2880:f10c::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void IsPublic_AllowsPublicUnicast(string address) =>
        Assert.True(CallbackAddresses.IsPublic(IPAddress.Parse(address)));
}
