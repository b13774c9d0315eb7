using Keygate.Coordination;

namespace Keygate.Tests.Coordination;

public sealed class ChangeNotifierTests
{
    private static readonly ChangeTopic Numbers = new("phone-number");

    [Fact]
    public async Task ASubscriber_HearsEveryChangeOfItsTopic_AndNoneOfAnother()
    {
        var changes = new InProcessChangeNotifier();
        var heard = new List<string>();
        var alsoHeard = new List<string>();
        changes.Subscribe(Numbers, heard.Add);
        changes.Subscribe(new ChangeTopic("phone-number"), alsoHeard.Add);

        await changes.PublishAsync(Numbers, "123");
        await changes.PublishAsync(new ChangeTopic("key"), "kg_live_a");

        Assert.Equal(["123"], heard);
        Assert.Equal(["123"], alsoHeard);
    }
}
