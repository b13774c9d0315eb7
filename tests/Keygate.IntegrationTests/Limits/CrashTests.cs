using System.Net.Http.Headers;

namespace Keygate.IntegrationTests;

/// <summary>Quotas hold across a SIGKILL: a crash may under-spend, never over-spend, and the database stays sound.</summary>
public sealed class CrashTests
{
    private const int Quota = 300;

    [Fact]
    public async Task KilledUnderLoad_ThenRestarted_NeverAdmitsMoreThanTheQuota()
    {
        var directory = KeygateApp.NewDataDirectory();
        string keyId, secret;
        int beforeCrash;
        await using (var first = await KeygateProcess.StartAsync(directory))
        {
            using var owner = await first.LoginAsync();
            var created = await owner.PostAsJsonAsync("/v1/keys", new
            {
                name = "crash-quota",
                environment = "production",
                quotas = new[] { new { metric = "requests", limit = Quota, period = "month" } },
            }).JsonAsync(201);
            keyId = created.GetProperty("id").GetString()!;
            secret = created.GetProperty("apiSecret").GetString()!;

            using var stop = new CancellationTokenSource();
            var load = LoadAsync(first.Address, keyId, secret, workers: 8, stop.Token, killAfter: 120);
            await load.KillTime.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            await first.KillAsync();
            await stop.CancelAsync();
            beforeCrash = (await load.Run).Successes;
        }

        int afterRestart;
        await using (var second = await KeygateProcess.StartAsync(directory))
        {
            var load = LoadAsync(second.Address, keyId, secret, workers: 8, CancellationToken.None, stopAfterRefusals: 50);
            afterRestart = (await load.Run).Successes;
            await second.StopAsync();
        }

        Assert.True(beforeCrash + afterRestart <= Quota, $"{beforeCrash} before the crash + {afterRestart} after = more than {Quota}");
        // Lost to the crash at most: one reservation block (3) and the requests in flight (8).
        Assert.True(beforeCrash + afterRestart >= Quota - 11, $"{beforeCrash} + {afterRestart}: far more under-spent than a crash explains");
        Assert.Equal("ok", await StoreQueries.ScalarAsync(Path.Combine(directory, "keygate.db"), "PRAGMA integrity_check"));
    }

    private static LoadRun LoadAsync(Uri address, string keyId, string secret, int workers, CancellationToken stop, int stopAfterRefusals = int.MaxValue, int killAfter = int.MaxValue)
    {
        var run = new LoadRun(killAfter);
        run.Run = RunAsync();
        return run;

        async Task<LoadRun> RunAsync()
        {
            using var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}.{secret}");
            var refusals = 0;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                while (!stop.IsCancellationRequested && Volatile.Read(ref refusals) < stopAfterRefusals)
                {
                    try
                    {
                        var response = await client.GetAsync("/v1/whoami", stop);
                        if ((int)response.StatusCode == 200)
                        {
                            run.Succeeded();
                        }
                        else if ((int)response.StatusCode == 429)
                        {
                            Interlocked.Increment(ref refusals);
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                    {
                        return; // the server was killed, or the test stopped the load
                    }
                }
            }));
            return run;
        }
    }

    private sealed class LoadRun(int killAfter)
    {
        private readonly TaskCompletionSource _killTime = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _successes;

        public int Successes => Volatile.Read(ref _successes);

        /// <summary>Completes at the success numbered <c>killAfter</c>: the server is mid-load, with quota spent.</summary>
        public Task KillTime => _killTime.Task;

        public Task<LoadRun> Run { get; set; } = Task.FromResult<LoadRun>(null!);

        public void Succeeded()
        {
            if (Interlocked.Increment(ref _successes) == killAfter)
            {
                _killTime.TrySetResult();
            }
        }
    }
}
