using Keygate.WhatsApp.Messages;

namespace Keygate.Tests.WhatsApp;

public sealed class WamidsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_IsAUrlSafeWamid()
    {
        var wamid = Wamids.New(Noon);

        Assert.True(Wamids.IsWamid(wamid));
        Assert.Equal("wamid.".Length + 32, wamid.Length);
        Assert.All(wamid["wamid.".Length..], c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not URL-safe"));
    }

    [Fact]
    public void New_IdsOfTheSameMomentShareTheirTimePrefixAndDifferAfterIt()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Wamids.New(Noon)).ToList();

        // Six bytes of time are eight base64 characters: the part that keeps a second's ids together in an index.
        Assert.Single(ids.Select(id => id[..("wamid.".Length + 8)]).Distinct());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void New_IdsOfDifferentMomentsHaveDifferentPrefixes()
    {
        var now = Wamids.New(Noon)[..14];
        var later = Wamids.New(Noon.AddMilliseconds(64))[..14];

        Assert.NotEqual(now, later);
    }
}
