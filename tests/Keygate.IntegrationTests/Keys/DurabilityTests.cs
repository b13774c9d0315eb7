namespace Keygate.IntegrationTests;

/// <summary>What Keygate acknowledged survives a restart; what it did not finish leaves no trace.</summary>
public class DurabilityTests
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    [Fact]
    public async Task CreatedAndEditedKey_SurviveARestart()
    {
        CreatedKey key;
        var first = KeygateApp.On(Store);
        await using (first)
        {
            key = await first.CreateKeyAsync(new { name = "durable" });
            await (await first.OwnerAsync()).PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "durable-edited", labels = new { team = "ops" } }).ShouldHaveStatusAsync(200);
        }

        await using var second = first.Again();
        var reloaded = await (await second.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}").JsonAsync();
        Assert.Equal("durable-edited", reloaded.GetProperty("name").GetString());
        Assert.Equal("ops", reloaded.GetProperty("labels").GetProperty("team").GetString());
        await second.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task CreatesInterruptedByStoppingTheHost_LeaveWholeKeysOrNone()
    {
        var acknowledged = new List<string>();
        var firstAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = KeygateApp.On(Store);
        await using (app)
        {
            var owner = await app.OwnerAsync();
            var creates = Enumerable.Range(0, 40).Select(async i =>
            {
                try
                {
                    var response = await owner.PostAsJsonAsync("/v1/keys", new { name = $"interrupted-{i}", environment = "production", labels = new { team = "a", application = "b" } });
                    if ((int)response.StatusCode == 201)
                    {
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        lock (acknowledged)
                        {
                            acknowledged.Add(body.GetProperty("id").GetString()!);
                        }
                        firstAcknowledged.TrySetResult();
                    }
                }
                catch (HttpRequestException)
                {
                    // The host went away mid-request: this create was not acknowledged.
                }
                catch (TaskCanceledException)
                {
                }
            }).ToList();
            // Stopped once creates are being acknowledged, while the rest are still in flight.
            await firstAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            await app.DisposeAsync();
            await Task.WhenAll(creates);
        }

        await using var restarted = app.Again();
        var owner2 = await restarted.OwnerAsync();
        foreach (var id in acknowledged)
        {
            await owner2.GetAsync($"/v1/keys/{id}").ShouldHaveStatusAsync(200);
        }

        if (Store == Store.Sqlite)
        {
            // The file's own check; PostgreSQL has no such check of a database, and its write-ahead log is what keeps it whole.
            Assert.Equal("ok", await restarted.ScalarAsync("PRAGMA integrity_check"));
        }
        Assert.Equal(0L, await restarted.CountAsync(
            """SELECT count(*) FROM "ApiKeys" k WHERE k."Name" LIKE 'interrupted-%' AND (SELECT count(*) FROM "KeyLabels" l WHERE l."KeyId" = k."Id") <> 2"""));
        Assert.True(await restarted.CountAsync("""SELECT count(*) FROM "ApiKeys" WHERE "Name" LIKE 'interrupted-%'""") >= acknowledged.Count);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class DurabilityTestsOnPostgres : DurabilityTests
{
    protected override Store Store => Store.PostgreSql;
}
