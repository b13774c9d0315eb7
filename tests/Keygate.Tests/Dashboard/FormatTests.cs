using Keygate.Dashboard;

namespace Keygate.Tests.Dashboard;

public sealed class FormatTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(12 * 60 + 5, "12 min")]
    [InlineData(3 * 3600, "3 h")]
    [InlineData(11 * 3600 + 29 * 60 + 9, "11 h 29 min")]
    [InlineData(2 * 86400, "2 d")]
    [InlineData(3 * 86400 + 4 * 3600 + 59, "3 d 4 h")]
    public void Duration_NamesTheUnitsThatMatter(int seconds, string expected) =>
        Assert.Equal(expected, Format.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(10, "Just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(59 * 60, "59 minutes ago")]
    [InlineData(3600, "1 hour ago")]
    [InlineData(23 * 3600, "23 hours ago")]
    [InlineData(2 * 86400, "2026-11-24 12:00 UTC")]
    public void Ago_IsRelativeForADay_ThenExact(int secondsAgo, string expected) =>
        Assert.Equal(expected, Format.Ago(Now.AddSeconds(-secondsAgo), Now));
}
