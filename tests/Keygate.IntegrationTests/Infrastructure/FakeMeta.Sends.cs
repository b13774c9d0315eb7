using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>What the messages call needs beyond a send: a Meta slower than any timeout, and the mark-as-read answer.</summary>
public sealed partial class FakeMeta
{
    /// <summary>
    /// The next call is received (and recorded) at once but answered, with a success, only when the returned action is
    /// called: a Meta that takes longer than Keygate waits, for as long as the test wants.
    /// </summary>
    public Action ThenHoldTheAnswer()
    {
        _holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Enqueue(new Scripted(200, null, null, Hold: release.Task));
        return () => release.TrySetResult();
    }

    private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the call <see cref="ThenHoldTheAnswer"/> holds has reached the fake Meta.</summary>
    public Task HeldCallArrived => _holding.Task;

    /// <summary>
    /// Keygate waits for Meta on <paramref name="app"/>'s fake clock, and starts that wait before the call leaves: once
    /// the held call has arrived, moving the clock <paramref name="by"/> (past one attempt's time) is what decides it.
    /// Returns Keygate's answer to <paramref name="call"/>.
    /// </summary>
    public async Task<HttpResponseMessage> OutwaitHeldCallAsync(KeygateApp app, Task<HttpResponseMessage> call, TimeSpan by)
    {
        await HeldCallArrived.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        app.Clock.Advance(by);
        return await call;
    }

    /// <summary>Meta answers the mark-as-read form (typing indicator or not) with <c>{"success":true}</c>.</summary>
    private static bool IsMarkAsRead(string body) =>
        JsonNode.Parse(body) is JsonObject json && json["status"] is JsonValue status && status.TryGetValue<string>(out var value) && value == "read";
}
