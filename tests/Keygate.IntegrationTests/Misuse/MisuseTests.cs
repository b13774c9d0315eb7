using System.Net;

namespace Keygate.IntegrationTests;

/// <summary>Each detector fires on crafted traffic and stays quiet on ordinary traffic.</summary>
public class MisuseTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task SecretGuessing_IsReported_AndLocksWrongSecrets_ButNeverTheHolder()
    {
        var key = await app.CreateKeyAsync(new { misusePolicy = "disable" });
        var guesser = app.ClientFor(key.Id, (await app.CreateKeyAsync()).Secret);
        for (var i = 0; i < 10; i++)
        {
            await guesser.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        }

        var locked = await guesser.GetAsync("/v1/whoami");
        await locked.ShouldBeProblemAsync(429, "rate_limited");
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        var alert = await StoredAlertAsync(key.Id, "secret_guessing");
        Assert.Equal("high", alert.GetProperty("severity").GetString());
        Assert.Equal("guessing_locked", alert.GetProperty("action").GetString());
        Assert.Equal(10, alert.GetProperty("evidence").GetProperty("failures").GetInt32());
        Assert.Equal("127.0.0.1", alert.GetProperty("evidence").GetProperty("addresses")[0].GetString());

        // Guessing never disables the key (the guesser would switch it off for its holder), and the lock ends.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await guesser.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task SustainedRefusals_AreReported_AndTheDisablePolicyDisablesTheKey()
    {
        var key = await app.CreateKeyAsync(new { misusePolicy = "disable", rateLimits = new[] { new { name = "hourly", limit = 1, periodSeconds = 3600 } } });
        var client = app.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        for (var i = 0; i < 50; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");
        }

        var alert = await StoredAlertAsync(key.Id, "sustained_refusals");
        Assert.Equal(50, alert.GetProperty("evidence").GetProperty("refusals").GetInt32());
        Assert.Equal("key_disabled", alert.GetProperty("action").GetString());
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_disabled");
        var audit = await (await app.OwnerAsync()).GetAsync($"/v1/audit?target={key.Id}&type=key.disabled").JsonAsync();
        Assert.Equal("system", audit.GetProperty("items")[0].GetProperty("actorType").GetString());
    }

    [Fact]
    public async Task CanaryKey_AnyUseIsReported_AndWithTheAlertPolicyTheKeyKeepsWorking()
    {
        var canary = await app.CreateKeyAsync(new { metadata = new { canary = true } });
        await app.ClientFor(canary).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var alert = await StoredAlertAsync(canary.Id, "canary_use");
        Assert.Equal("high", alert.GetProperty("severity").GetString());
        Assert.Equal("none", alert.GetProperty("action").GetString());
        await app.ClientFor(canary).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task RevokedKeyUsedWithItsSecret_IsReported()
    {
        var key = await app.CreateKeyAsync();
        await (await app.OwnerAsync()).PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_revoked");
        var alert = await StoredAlertAsync(key.Id, "revoked_key_use");
        Assert.Equal("127.0.0.1", alert.GetProperty("evidence").GetProperty("address").GetString());
    }

    [Fact]
    public async Task ExpiredKeyUsedWithItsSecret_IsReported()
    {
        var key = await app.CreateKeyAsync(new { expiresAt = app.Clock.GetUtcNow().AddMinutes(1) });
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_expired");
        await StoredAlertAsync(key.Id, "expired_key_use");
    }

    [Fact]
    public async Task OrdinaryTraffic_RaisesNothing()
    {
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "minute", limit = 100, periodSeconds = 60 } } });
        var client = app.ClientFor(key);
        for (var i = 0; i < 30; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        // A typo or two is not guessing.
        await app.ClientFor(key.Id, (await app.CreateKeyAsync()).Secret).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        await app.ClientFor(key.Id, (await app.CreateKeyAsync()).Secret).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");

        // Whatever this key's requests raised is stored by now.
        Assert.Equal(0, (await app.StoredAlertsAsync(await app.OwnerAsync(), key.Id)).GetArrayLength());
    }

    [Fact]
    public async Task Alerts_OfAnotherAccount_AreInvisible_AndResolvingRecordsWhoAndWhen()
    {
        var key = await app.CreateKeyAsync(new { metadata = new { canary = true } });
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var alert = await StoredAlertAsync(key.Id, "canary_use");
        var id = alert.GetProperty("id").GetString();

        var stranger = await app.NewAccountOwnerAsync();
        var theirs = await stranger.GetAsync("/v1/alerts").JsonAsync();
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        await stranger.PostAsync($"/v1/alerts/{id}/resolve", null).ShouldBeProblemAsync(404, "not_found");

        var resolved = await (await app.OwnerAsync()).PostAsync($"/v1/alerts/{id}/resolve", null).JsonAsync();
        Assert.NotEqual(JsonValueKind.Null, resolved.GetProperty("resolvedAt").ValueKind);
        var open = await (await app.OwnerAsync()).GetAsync($"/v1/alerts?status=open&keyId={key.Id}").JsonAsync();
        Assert.Equal(0, open.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task VolumeFarAboveTheKeysOwnBaseline_IsReported()
    {
        await using var spiky = app.Fresh();
        var key = await spiky.CreateKeyAsync();
        var client = spiky.ClientFor(key);
        for (var hour = 0; hour < 6; hour++)
        {
            for (var i = 0; i < 5; i++)
            {
                await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
            spiky.Clock.Advance(TimeSpan.FromHours(1));
        }
        for (var i = 0; i < 100; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        Assert.Equal(0, (await AlertsAsync(spiky, key.Id, "volume_spike")).GetArrayLength());

        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var alert = await StoredAlertAsync(key.Id, "volume_spike", spiky);
        Assert.Equal(101, alert.GetProperty("evidence").GetProperty("requestsThisHour").GetInt64());
        Assert.Equal(5, alert.GetProperty("evidence").GetProperty("baselinePerHour").GetDouble());
    }

    [Fact]
    public async Task ANewSourceNetwork_AfterTheLearningTime_IsReported_ButTheSameNetworkIsNot()
    {
        await using var watched = app.Fresh();
        var key = await watched.CreateKeyAsync();
        await watched.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        watched.Clock.Advance(TimeSpan.FromHours(25));

        await watched.ClientFrom(IPAddress.Parse("127.0.0.7"), key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await watched.ClientFrom(IPAddress.Parse("127.0.1.9"), key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        var alert = await StoredAlertAsync(key.Id, "new_network", watched);
        Assert.Equal("127.0.1.0/24", alert.GetProperty("evidence").GetProperty("network").GetString());
        Assert.Equal("low", alert.GetProperty("severity").GetString());
        Assert.Equal(1, alert.GetProperty("occurrences").GetInt32());
    }

    [Fact]
    public async Task RecipientFanOutFarAboveTheKeysBaseline_IsReported()
    {
        await using var spammed = app.Fresh();
        var key = await spammed.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        var client = spammed.ClientFor(key);
        var sandbox = await Sandbox.OfAsync(await spammed.OwnerAsync());
        var next = 15551000000L;
        async Task SendToNewRecipientAsync() => await client.PostAsJsonAsync(sandbox.MessagesPath, new
        {
            messaging_product = "whatsapp",
            to = (next++).ToString(System.Globalization.CultureInfo.InvariantCulture),
            type = "template",
            template = new { name = "hello_world", language = new { code = "en_US" } },
        }).ShouldHaveStatusAsync(200);

        for (var hour = 0; hour < 6; hour++)
        {
            await SendToNewRecipientAsync();
            await SendToNewRecipientAsync();
            spammed.Clock.Advance(TimeSpan.FromHours(1));
        }
        for (var i = 0; i < 50; i++)
        {
            await SendToNewRecipientAsync();
        }
        Assert.Equal(0, (await AlertsAsync(spammed, key.Id, "recipient_fan_out")).GetArrayLength());
        await SendToNewRecipientAsync();
        var alert = await StoredAlertAsync(key.Id, "recipient_fan_out", spammed);
        Assert.Equal(51, alert.GetProperty("evidence").GetProperty("recipientsThisHour").GetInt64());
        Assert.Equal(2, alert.GetProperty("evidence").GetProperty("baselinePerHour").GetDouble());
    }

    /// <summary>The newest alert of <paramref name="kind"/> for the key, once every alert raised so far is stored.</summary>
    private async Task<JsonElement> StoredAlertAsync(string keyId, string kind, KeygateApp? on = null)
    {
        var items = await AlertsAsync(on ?? app, keyId, kind);
        Assert.True(items.GetArrayLength() > 0, $"No {kind} alert for {keyId}.");
        return items[0];
    }

    private static async Task<JsonElement> AlertsAsync(KeygateApp on, string keyId, string kind) =>
        await on.StoredAlertsAsync(await on.OwnerAsync(), keyId, kind);
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MisuseTestsOnPostgres(PostgresKeygateApp app) : MisuseTests(app), IClassFixture<PostgresKeygateApp>;
