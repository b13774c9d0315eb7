using System.Collections.Concurrent;

namespace Keygate.IntegrationTests.Faults;

/// <summary>One answer under load: which worker asked which node for what, in which phase of the test, and what came back (status 0: no answer at all).</summary>
public sealed record Answer(int Worker, Uri? Node, string Path, string Phase, int Status, string? Code, bool RetryAfter, string Body)
{
    public bool IsCleanUnavailable => Status == 503 && Code == "unavailable" && RetryAfter;

    public override string ToString() => $"worker {Worker} {Node}{Path} ({Phase}): {Status} {Body}";
}

/// <summary>
/// GET requests from several workers at once, each finishing the request it has started when the load stops, with
/// every answer kept: the load a fault is injected under. A test awaits what it needs (so many answers of a kind) rather
/// than waiting for time. A worker whose node is gone (no answer at all) records that and stops.
/// </summary>
public sealed class Load
{
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly List<(Func<Answer, bool> Match, int Count, TaskCompletionSource Reached)> _waits = [];
    private readonly Lock _lock = new();
    private readonly Task _workers;
    private volatile bool _stopping;
    private volatile string _phase = "before";

    private Load(IEnumerable<(HttpClient Client, string Path)> workers) =>
        _workers = Task.WhenAll(workers.Select((worker, index) => Task.Run(() => RunAsync(index, worker.Client, worker.Path))));

    public static Load Start(IEnumerable<(HttpClient Client, string Path)> workers) => new(workers);

    /// <summary>The label a request gets when it is sent: the test names what is going on (<c>down</c>, <c>back</c>…).</summary>
    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public IReadOnlyCollection<Answer> Answers => _answers;

    /// <summary>Returns once <paramref name="count"/> answers match; a minute without them fails the test with what came.</summary>
    public async Task UntilAsync(Func<Answer, bool> match, int count = 1)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_answers.Count(match) >= count)
            {
                return;
            }
            _waits.Add((match, count, reached));
        }
        try
        {
            var finished = await Task.WhenAny(reached.Task, _workers).WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(finished == reached.Task, "The workers stopped first. " + Summary());
        }
        catch (TimeoutException)
        {
            Assert.Fail("A minute passed first. " + Summary());
        }
    }

    /// <summary>How many answers of each kind came, and the last few: what a failure message shows.</summary>
    public string Summary() =>
        string.Join(", ", _answers.GroupBy(a => $"{a.Phase} {a.Path} {a.Status} {a.Code}").Select(g => $"{g.Key}: {g.Count()}"))
        + "\nLast:\n" + string.Join('\n', _answers.TakeLast(5));

    /// <summary>Lets each worker finish the request it has sent, so every request the server answered is recorded.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        await _workers;
    }

    private async Task RunAsync(int worker, HttpClient client, string path)
    {
        while (!_stopping)
        {
            var phase = Phase;
            try
            {
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Record(new Answer(worker, client.BaseAddress, path, phase, (int)response.StatusCode, CodeOf(body), response.Headers.RetryAfter is not null, body));
            }
            catch (HttpRequestException exception)
            {
                Record(new Answer(worker, client.BaseAddress, path, phase, 0, null, false, exception.Message));
                return;
            }
        }
    }

    private void Record(Answer answer)
    {
        lock (_lock)
        {
            _answers.Enqueue(answer);
            foreach (var wait in _waits.Where(w => !w.Reached.Task.IsCompleted && _answers.Count(w.Match) >= w.Count).ToList())
            {
                wait.Reached.TrySetResult();
            }
        }
    }

    private static string? CodeOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
