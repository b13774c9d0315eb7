using Keygate.Http;

namespace Keygate.Tests.Http;

public sealed class CidrBlocksTests
{
    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData(" 203.0.113.7 ", "203.0.113.7/32")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void TryParse_ReadsBlocksAndSingleAddresses(string text, string expected)
    {
        Assert.True(CidrBlocks.TryParse(text, out var network));
        Assert.Equal(expected, network.ToString());
    }

    [Theory]
    [InlineData("10.1.2.3/8")]
    [InlineData("2001:db8::1/32")]
    [InlineData("203.0.113.0/33")]
    [InlineData("not-an-address")]
    [InlineData("")]
    [InlineData("203.0.113.0/")]
    public void TryParse_RefusesWhatIsNotAnExactBlock(string text) => Assert.False(CidrBlocks.TryParse(text, out _));
}
