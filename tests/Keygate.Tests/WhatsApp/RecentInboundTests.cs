using Keygate.WhatsApp.Messages;

namespace Keygate.Tests.WhatsApp;

public sealed class RecentInboundTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private static readonly DateTime Start = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ARememberedTime_OpensTheWindowUntilItEnds()
    {
        var recent = new RecentInbound(Window);
        recent.Remember("number", "customer", Start, Start);
        Assert.True(recent.Opens("number", "customer", Start + Window - TimeSpan.FromSeconds(1)));
        Assert.False(recent.Opens("number", "customer", Start + Window));
        Assert.False(recent.Opens("number", "someone-else", Start));
    }

    [Fact]
    public void AnOlderTime_NeverReplacesANewerOne()
    {
        var recent = new RecentInbound(Window);
        recent.Remember("number", "customer", Start, Start);
        recent.Remember("number", "customer", Start - TimeSpan.FromHours(5), Start);
        Assert.True(recent.Opens("number", "customer", Start + Window - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ATimeThatCanNoLongerOpenAWindow_IsNotKept()
    {
        var recent = new RecentInbound(Window);
        recent.Remember("number", "customer", Start - Window, Start);
        Assert.Equal(0, recent.Count);
    }

    [Fact]
    public void ClosedWindows_AreSweptAway_ByTheNextTimeRememberedAnHourOrMoreLater()
    {
        var recent = new RecentInbound(Window);
        for (var i = 0; i < 1_000; i++)
        {
            recent.Remember("number", $"customer-{i}", Start, Start);
        }
        var later = Start + Window;
        recent.Remember("number", "newcomer", later, later);
        Assert.Equal(1, recent.Count);
    }

    [Fact]
    public void Memory_NeverGrowsPastItsCapacity_EvenWhileEveryWindowIsOpen()
    {
        var recent = new RecentInbound(Window, capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            recent.Remember("number", $"customer-{i}", Start, Start);
            Assert.InRange(recent.Count, 1, recent.Capacity);
        }
    }
}
