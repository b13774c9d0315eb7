using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Keygate.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests;

/// <summary>Keygate allowed to call the tests' receivers, which listen on loopback over plain http.</summary>
public class WebhookApp : IAsyncDisposable
{
    public static readonly (string Key, string Value)[] LoopbackAllowed = [("Webhooks:AllowPrivateNetworks", "true"), ("Webhooks:AllowHttp", "true")];

    public WebhookApp() : this(Store.Sqlite)
    {
    }

    protected WebhookApp(Store store) => App = KeygateApp.On(store, LoopbackAllowed);

    public KeygateApp App { get; }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class PostgresWebhookApp() : WebhookApp(Store.PostgreSql);

/// <summary>
/// Outbound webhooks end to end: subscriptions over the API, events raised by real traffic (a canary key's
/// alert), signed deliveries to a receiver on a real port, retries driven by the fake clock. Each test works
/// in an account of its own, so that no test's events reach another's subscriptions.
/// </summary>
public class WebhookTests(WebhookApp fixture) : IClassFixture<WebhookApp>
{
    private readonly KeygateApp _app = fixture.App;

    [Fact]
    public async Task Subscription_Lifecycle_ShowsTheSecretOnlyAtCreateAndRotate_AndIsAudited()
    {
        var owner = (await _app.NewAccountAsync()).Owner;
        var response = await owner.PostAsJsonAsync("/v1/webhooks",
            new { url = "https://hooks.example.com/whatsapp", events = new[] { "statuses", "messages" }, phoneNumberIds = new[] { "106540352242922" }, description = "CRM" });
        var created = await response.JsonAsync(201);
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whs_", id);
        Assert.Matches("^whsec_[0-9A-Za-z]{40}$", secret);
        Assert.Equal($"/v1/webhooks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["messages", "statuses"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.True(created.GetProperty("active").GetBoolean());

        var read = await owner.GetAsync($"/v1/webhooks/{id}");
        var got = await read.JsonAsync();
        Assert.False(got.TryGetProperty("secret", out _));
        var listed = await owner.GetStringAsync("/v1/webhooks", TestContext.Current.CancellationToken);
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        var etag = read.Headers.ETag!.Tag;
        var patched = await owner.PatchJsonAsync($"/v1/webhooks/{id}", new { events = new[] { "alerts" }, description = (string?)null, active = false }, etag).JsonAsync();
        Assert.Equal(["alerts"], patched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("description").ValueKind);
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal("https://hooks.example.com/whatsapp", patched.GetProperty("url").GetString());
        Assert.False(patched.TryGetProperty("secret", out _));
        await owner.PatchJsonAsync($"/v1/webhooks/{id}", new { active = true }, etag).ShouldBeProblemAsync(412, "precondition_failed");

        var rotated = await owner.PostAsync($"/v1/webhooks/{id}/rotate-secret", null).JsonAsync();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, newSecret);
        Assert.False((await owner.GetAsync($"/v1/webhooks/{id}").JsonAsync()).TryGetProperty("secret", out _));

        await owner.DeleteAsync($"/v1/webhooks/{id}").ShouldHaveStatusAsync(204);
        await owner.GetAsync($"/v1/webhooks/{id}").ShouldBeProblemAsync(404, "not_found");

        var audit = await owner.GetStringAsync($"/v1/audit?target={id}", TestContext.Current.CancellationToken);
        foreach (var type in new[] { "webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.deleted" })
        {
            Assert.Contains($"\"{type}\"", audit, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_IsDeliveredAsItsOwnEvent_SignedWithTheSubscriptionsSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await _app.NewAccountAsync();
        var subscription = await SubscribeAsync(tenant.Owner, receiver.Url, "alerts");
        var canary = (await _app.RaiseCanaryAlertAsync(tenant.Owner)).Key;

        await _app.DispatchAsync();
        var received = Assert.Single(receiver.Received);
        Assert.Equal("application/json", received.Headers["Content-Type"]);
        Assert.Equal("alerts", received.Event);
        Assert.Equal(Signature(subscription.Secret, received.Body), received.Headers["X-Hub-Signature-256"]);
        Assert.NotEqual(Signature(subscription.Secret + "x", received.Body), received.Headers["X-Hub-Signature-256"]);

        var payload = received.Json;
        Assert.Equal("keygate", payload.GetProperty("object").GetString());
        var entry = payload.GetProperty("entry")[0];
        Assert.Equal(tenant.AccountId, entry.GetProperty("id").GetString());
        var change = entry.GetProperty("changes")[0];
        Assert.Equal("alerts", change.GetProperty("field").GetString());
        var alerts = await tenant.Owner.GetAsync($"/v1/alerts?keyId={canary.Id}").JsonAsync();
        Assert.True(JsonElement.DeepEquals(alerts.GetProperty("items")[0], change.GetProperty("value")), change.GetProperty("value").GetRawText());
        Assert.Equal("canary_use", change.GetProperty("value").GetProperty("kind").GetString());

        var delivery = await LatestDeliveryAsync(tenant.Owner, subscription.Id);
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(received.Headers["X-Keygate-Delivery"], delivery.GetProperty("id").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(Encoding.UTF8.GetString(received.Body), delivery.GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task TestEvent_AfterARotation_IsSignedWithTheNewSecretOnly()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var owner = (await _app.NewAccountAsync()).Owner;
        var subscription = await SubscribeAsync(owner, receiver.Url, "messages");
        var rotated = await owner.PostAsync($"/v1/webhooks/{subscription.Id}/rotate-secret", null).JsonAsync();
        var newSecret = rotated.GetProperty("secret").GetString()!;

        var queued = await owner.PostAsync($"/v1/webhooks/{subscription.Id}/test", null).JsonAsync(202);
        Assert.Equal("pending", queued.GetProperty("status").GetString());
        Assert.Equal("test", queued.GetProperty("eventType").GetString());
        await _app.DispatchAsync();

        var received = Assert.Single(receiver.Received);
        Assert.Equal("test", received.Event);
        Assert.Equal(queued.GetProperty("id").GetString(), received.Headers["X-Keygate-Delivery"]);
        Assert.Equal(Signature(newSecret, received.Body), received.Headers["X-Hub-Signature-256"]);
        Assert.NotEqual(Signature(subscription.Secret, received.Body), received.Headers["X-Hub-Signature-256"]);
        Assert.Equal(subscription.Id, received.Json.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("subscriptionId").GetString());
    }

    [Fact]
    public async Task OneEvent_FansOutToEverySubscription_EachSignedWithItsOwnSecret()
    {
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        var tenant = await _app.NewAccountAsync();
        var one = await SubscribeAsync(tenant.Owner, first.Url, "alerts");
        var two = await SubscribeAsync(tenant.Owner, second.Url, "alerts", "messages");
        await _app.RaiseCanaryAlertAsync(tenant.Owner);

        await _app.DispatchAsync();
        var (a, b) = (Assert.Single(first.Received), Assert.Single(second.Received));
        Assert.Equal(a.Body, b.Body);
        Assert.Equal(Signature(one.Secret, a.Body), a.Headers["X-Hub-Signature-256"]);
        Assert.Equal(Signature(two.Secret, b.Body), b.Headers["X-Hub-Signature-256"]);
        Assert.NotEqual(a.Headers["X-Keygate-Delivery"], b.Headers["X-Keygate-Delivery"]);
    }

    [Fact]
    public async Task SubscriberDown_ThenRecovering_IsRetriedAfterTheBackoff_AndTheLogShowsEachAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        var tenant = await _app.NewAccountAsync();
        var subscription = await SubscribeAsync(tenant.Owner, receiver.Url, "alerts");
        await _app.RaiseCanaryAlertAsync(tenant.Owner);
        Assert.Equal("pending", (await LatestDeliveryAsync(tenant.Owner, subscription.Id)).GetProperty("status").GetString());

        var failed = await AttemptAsync(tenant.Owner, subscription.Id, attempts: 1, advance: TimeSpan.FromSeconds(1));
        Assert.Equal("pending", failed.GetProperty("status").GetString());
        Assert.Equal(500, failed.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("HTTP 500", failed.GetProperty("lastError").GetString());
        Assert.Equal(_app.Clock.GetUtcNow().AddSeconds(10), failed.GetProperty("nextAttemptAt").GetDateTimeOffset());

        // Not before the backoff has passed.
        await _app.DispatchAsync(TimeSpan.FromSeconds(9));
        Assert.Single(receiver.Received);

        var delivered = await AttemptAsync(tenant.Owner, subscription.Id, attempts: 2, advance: TimeSpan.FromSeconds(1));
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(200, delivered.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(_app.Clock.GetUtcNow(), delivered.GetProperty("deliveredAt").GetDateTimeOffset());
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(receiver.Received[0].Body, receiver.Received[1].Body);
        Assert.Equal(receiver.Received[0].Headers["X-Keygate-Delivery"], receiver.Received[1].Headers["X-Keygate-Delivery"]);
    }

    [Fact]
    public async Task SubscriberNeverRecovering_IsRetriedWithDoublingWaits_ThenMarkedFailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync([.. Enumerable.Repeat(503, 8)]);
        var tenant = await _app.NewAccountAsync();
        var subscription = await SubscribeAsync(tenant.Owner, receiver.Url, "alerts");
        await _app.RaiseCanaryAlertAsync(tenant.Owner);
        Assert.Equal("pending", (await LatestDeliveryAsync(tenant.Owner, subscription.Id)).GetProperty("status").GetString());

        var waits = new List<double>();
        JsonElement delivery = default;
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            delivery = await AttemptAsync(tenant.Owner, subscription.Id, attempt, TimeSpan.FromMinutes(11));
            if (delivery.GetProperty("nextAttemptAt").ValueKind != JsonValueKind.Null)
            {
                waits.Add((delivery.GetProperty("nextAttemptAt").GetDateTimeOffset() - _app.Clock.GetUtcNow()).TotalSeconds);
            }
        }
        Assert.Equal([10, 20, 40, 80, 160, 320, 640], waits);
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(503, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(8, receiver.Received.Count);

        await _app.DispatchAsync(TimeSpan.FromHours(1));
        Assert.Equal(8, receiver.Received.Count);
        var failedOnly = await tenant.Owner.GetAsync($"/v1/webhooks/{subscription.Id}/deliveries?status=failed").JsonAsync();
        Assert.Equal(1, failedOnly.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task QueuedDeliveries_SurviveARestart_AndAreSignedWithTheSecretKeptAtRest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        Subscription subscription;
        var first = _app.Fresh(WebhookApp.LoopbackAllowed);
        await using (first)
        {
            var owner = await first.OwnerAsync();
            subscription = await SubscribeAsync(owner, receiver.Url, "alerts");
            await first.RaiseCanaryAlertAsync();
            // Queued, and never sent: this host's clock never moves, so its dispatcher never makes a pass.
            Assert.Equal("pending", (await LatestDeliveryAsync(owner, subscription.Id)).GetProperty("status").GetString());
        }
        Assert.Empty(receiver.Received);

        await using var second = first.Again(WebhookApp.LoopbackAllowed);
        var ownerAfterRestart = await second.OwnerAsync();
        await second.DispatchAsync();
        var received = Assert.Single(receiver.Received);
        Assert.Equal("alerts", received.Event);
        Assert.Equal(Signature(subscription.Secret, received.Body), received.Headers["X-Hub-Signature-256"]);
        Assert.Equal("delivered", (await LatestDeliveryAsync(ownerAfterRestart, subscription.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task EventAndPhoneNumberFilters_DecideWhichSubscriptionsReceiveAnEvent()
    {
        await using var numberOne = await WebhookReceiver.StartAsync();
        await using var statuses = await WebhookReceiver.StartAsync();
        await using var everything = await WebhookReceiver.StartAsync();
        await using var inactive = await WebhookReceiver.StartAsync();
        var tenant = await _app.NewAccountAsync();
        await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = numberOne.Url, events = new[] { "messages" }, phoneNumberIds = new[] { "111" } }).JsonAsync(201);
        await SubscribeAsync(tenant.Owner, statuses.Url, "statuses");
        await SubscribeAsync(tenant.Owner, everything.Url, "messages", "statuses", "alerts");
        await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = inactive.Url, events = new[] { "messages", "statuses", "alerts" }, active = false }).JsonAsync(201);

        var forOne = MetaPayload("111", "messages");
        await PublishAsync(tenant.AccountId, "messages", "111", forOne);
        await PublishAsync(tenant.AccountId, "messages", "222", MetaPayload("222", "messages"));
        await PublishAsync(tenant.AccountId, "statuses", "111", MetaPayload("111", "statuses"));
        await _app.RaiseCanaryAlertAsync(tenant.Owner);

        await _app.DispatchAsync();
        // Meta's payload is forwarded byte for byte as published.
        Assert.Equal(forOne.ToJsonString(), Encoding.UTF8.GetString(Assert.Single(numberOne.Received).Body));
        Assert.Equal("statuses", Assert.Single(statuses.Received).Event);
        Assert.Equal(["alerts", "messages", "messages", "statuses"], everything.Received.Select(r => r.Event).Order());

        // Everything queued has been sent in that pass; nothing more is on its way.
        await _app.DispatchAsync();
        Assert.Single(numberOne.Received);
        Assert.Single(statuses.Received);
        Assert.Empty(inactive.Received);
    }

    [Fact]
    public async Task PrivateAddressUrls_AreRefused_UnderTheDefaultConfiguration()
    {
        await using var strict = _app.Fresh();
        var owner = await strict.OwnerAsync();
        foreach (var url in new[] { "https://127.0.0.1/hook", "https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook", "https://[::ffff:192.168.1.1]/hook", "https://localhost/hook" })
        {
            var problem = await owner.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "alerts" } }).ShouldBeProblemAsync(400, "invalid_request");
            Assert.Contains("non-public address", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        }
        var plain = await owner.PostAsJsonAsync("/v1/webhooks", new { url = "http://10.0.0.1/hook", events = new[] { "alerts" } }).ShouldBeProblemAsync(400, "invalid_request");
        Assert.Contains("https", plain.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);

        var allowed = await SubscribeAsync(owner, "https://203.0.113.10/hook", "alerts");
        await owner.PatchJsonAsync($"/v1/webhooks/{allowed.Id}", new { url = "https://192.168.0.10/hook" }).ShouldBeProblemAsync(400, "invalid_request");

        // The send path checks again at connect time, whatever the stored URL: a host re-pointed after it was saved gets nowhere.
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = strict.Services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookSender.ClientName);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(receiver.Url, new StringContent("{}"), TestContext.Current.CancellationToken));
        Assert.IsType<CallbackRefusedException>(refused.InnerException);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Create_WithBadFields_ListsEveryError()
    {
        var owner = (await _app.NewAccountAsync()).Owner;
        var problem = await owner.PostAsJsonAsync("/v1/webhooks", new { url = "ftp://files.example.com/x", events = new[] { "messages", "payments" }, phoneNumberIds = new[] { "not-a-number" }, colour = "blue" })
            .ShouldBeProblemAsync(400, "invalid_request");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "url", "events[1]", "phoneNumberIds[0]", "colour" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
        var missing = await owner.PostAsJsonAsync("/v1/webhooks", new { }).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(missing.GetProperty("errors").TryGetProperty("url", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("events", out _));
        var withPassword = await owner.PostAsJsonAsync("/v1/webhooks", new { url = "https://user:pass@hooks.example.com/", events = new[] { "alerts" } })
            .ShouldBeProblemAsync(400, "invalid_request");
        Assert.Contains("password", withPassword.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccount_HasAtMostTwentySubscriptions()
    {
        var owner = (await _app.NewAccountAsync()).Owner;
        for (var i = 0; i < 20; i++)
        {
            await SubscribeAsync(owner, $"https://hooks.example.com/{i}", "alerts");
        }
        await owner.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/21", events = new[] { "alerts" } }).ShouldBeProblemAsync(409, "webhook_limit_reached");
        var page = await owner.GetAsync("/v1/webhooks?limit=15").JsonAsync();
        var next = await owner.GetAsync($"/v1/webhooks?limit=15&cursor={page.GetProperty("nextCursor").GetString()}").JsonAsync();
        Assert.Equal(20, page.GetProperty("items").GetArrayLength() + next.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Webhooks_NeedTheWebhooksManagePermission()
    {
        var tenant = await _app.NewAccountAsync();
        var reader = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "keys:read", "keys:manage" } }, by: tenant.Owner));
        await reader.GetAsync("/v1/webhooks").ShouldBeProblemAsync(403, "insufficient_permissions");
        await reader.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/", events = new[] { "alerts" } })
            .ShouldBeProblemAsync(403, "insufficient_permissions");

        var manager = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "webhooks:manage" } }, by: tenant.Owner));
        var subscription = await SubscribeAsync(manager, "https://hooks.example.com/", "alerts");
        await reader.GetAsync($"/v1/webhooks/{subscription.Id}/deliveries").ShouldBeProblemAsync(403, "insufficient_permissions");
        await manager.GetAsync($"/v1/webhooks/{subscription.Id}/deliveries").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task AnotherAccountsSubscription_AnswersLikeOneThatNeverExisted()
    {
        var mine = await SubscribeAsync((await _app.NewAccountAsync()).Owner, "https://hooks.example.com/mine", "alerts");
        var stranger = await _app.NewAccountOwnerAsync();
        var id = mine.Id;
        await stranger.GetAsync($"/v1/webhooks/{id}").ShouldBeProblemAsync(404, "not_found");
        await stranger.PatchJsonAsync($"/v1/webhooks/{id}", new { active = false }).ShouldBeProblemAsync(404, "not_found");
        await stranger.PostAsync($"/v1/webhooks/{id}/rotate-secret", null).ShouldBeProblemAsync(404, "not_found");
        await stranger.PostAsync($"/v1/webhooks/{id}/test", null).ShouldBeProblemAsync(404, "not_found");
        await stranger.GetAsync($"/v1/webhooks/{id}/deliveries").ShouldBeProblemAsync(404, "not_found");
        await stranger.DeleteAsync($"/v1/webhooks/{id}").ShouldBeProblemAsync(404, "not_found");
        var theirs = await stranger.GetStringAsync("/v1/webhooks", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(id, theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_AppearInNoListGetDeliveryLogOrLogLine()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var owner = (await _app.NewAccountAsync()).Owner;
        var subscription = await SubscribeAsync(owner, receiver.Url, "alerts");
        var rotated = (await owner.PostAsync($"/v1/webhooks/{subscription.Id}/rotate-secret", null).JsonAsync()).GetProperty("secret").GetString()!;
        await owner.PostAsync($"/v1/webhooks/{subscription.Id}/test", null).ShouldHaveStatusAsync(202);
        await _app.DispatchAsync();
        Assert.Single(receiver.Received);
        Assert.Equal("delivered", (await LatestDeliveryAsync(owner, subscription.Id)).GetProperty("status").GetString());

        var bodies = new[]
        {
            await owner.GetStringAsync("/v1/webhooks", TestContext.Current.CancellationToken),
            await owner.GetStringAsync($"/v1/webhooks/{subscription.Id}", TestContext.Current.CancellationToken),
            await owner.GetStringAsync($"/v1/webhooks/{subscription.Id}/deliveries", TestContext.Current.CancellationToken),
            await owner.GetStringAsync("/v1/audit/export?format=jsonl", TestContext.Current.CancellationToken),
        };
        foreach (var secret in new[] { subscription.Secret, rotated })
        {
            Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(receiver.Received, r => Encoding.UTF8.GetString(r.Body).Contains(secret, StringComparison.Ordinal));
            var leaked = _app.Logs.Lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leaked is null, $"A webhook secret appeared in a log line: {leaked}");
        }
        Assert.Contains(_app.Logs.Lines, line => line.Contains(subscription.Id, StringComparison.Ordinal));
    }

    private sealed record Subscription(string Id, string Secret);

    private static async Task<Subscription> SubscribeAsync(HttpClient client, string url, params string[] events)
    {
        var created = await client.PostAsJsonAsync("/v1/webhooks", new { url, events }).JsonAsync(201);
        return new Subscription(created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    /// <summary>What the message code will do for inbound messages and statuses: publish Meta's payload for a phone number.</summary>
    private async Task PublishAsync(string accountId, string eventType, string phoneNumberId, JsonObject payload)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WebhookPublisher>().PublishAsync(accountId, eventType, phoneNumberId, payload, TestContext.Current.CancellationToken);
    }

    private static JsonObject MetaPayload(string phoneNumberId, string kind)
    {
        var value = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["display_phone_number"] = "15550783881", ["phone_number_id"] = phoneNumberId },
        };
        value[kind] = kind == "messages"
            ? new JsonArray(new JsonObject { ["from"] = "16505551234", ["id"] = "wamid.in", ["timestamp"] = "1749416383", ["type"] = "text", ["text"] = new JsonObject { ["body"] = "Hello ☺" } })
            : new JsonArray(new JsonObject { ["id"] = "wamid.out", ["status"] = "delivered", ["timestamp"] = "1749416390", ["recipient_id"] = "16505551234" });
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "102290129340398",
                ["changes"] = new JsonArray(new JsonObject { ["field"] = "messages", ["value"] = value }),
            }),
        };
    }

    [Fact]
    public async Task RealTraffic_InboundMessagesAndStatuses_ReachSubscribers_InMetasPayload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await _app.NewAccountAsync();
        var created = await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "messages", "statuses" } }).JsonAsync(201);
        var secret = created.GetProperty("secret").GetString()!;
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: tenant.Owner));
        var sandbox = await Sandbox.OfAsync(tenant.Owner);

        var inbound = await sandbox.CustomerWritesAsync(sender);
        var sent = await sender.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(Sandbox.Customer, "On its way")).JsonAsync();
        var wamid = sent.GetProperty("messages")[0].GetProperty("id").GetString()!;
        await receiver.StatusAsync(_app, wamid, "read");

        var message = receiver.Received.First(r => r.Event == "messages");
        Assert.Equal(Signature(secret, message.Body), message.Headers["X-Hub-Signature-256"]);
        var value = message.Json.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value");
        Assert.Equal("whatsapp_business_account", message.Json.GetProperty("object").GetString());
        Assert.Equal(sandbox.PhoneNumberId, value.GetProperty("metadata").GetProperty("phone_number_id").GetString());
        Assert.Equal(inbound, value.GetProperty("messages")[0].GetProperty("id").GetString());
        Assert.Equal("Hello!", value.GetProperty("messages")[0].GetProperty("text").GetProperty("body").GetString());

        // A few more passes of the phone and the dispatcher: each status is told once, however many passes run.
        for (var pass = 0; pass < 3; pass++)
        {
            await _app.PhoneAndDispatcherStepAsync();
        }
        var statuses = receiver.Received.Where(r => r.Event == "statuses")
            .Select(r => r.Json.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("statuses")[0])
            .Where(s => s.GetProperty("id").GetString() == wamid).Select(s => s.GetProperty("status").GetString()).ToList();
        Assert.Equal(["delivered", "read", "sent"], statuses.Order(StringComparer.Ordinal));
    }

    /// <summary>How a subscriber checks Keygate's signature: exactly as it checks Meta's, with the subscription's secret as the key.</summary>
    private static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Moves the clock by <paramref name="advance"/> through a dispatcher pass; returns the newest delivery, which that pass attempted for the <paramref name="attempts"/>th time.</summary>
    private async Task<JsonElement> AttemptAsync(HttpClient owner, string subscriptionId, int attempts, TimeSpan advance)
    {
        await _app.DispatchAsync(advance);
        var delivery = await LatestDeliveryAsync(owner, subscriptionId);
        Assert.Equal(attempts, delivery.GetProperty("attempts").GetInt32());
        return delivery;
    }

    /// <summary>The newest entry of the subscription's delivery log.</summary>
    private static async Task<JsonElement> LatestDeliveryAsync(HttpClient owner, string subscriptionId)
    {
        var items = (await owner.GetAsync($"/v1/webhooks/{subscriptionId}/deliveries").JsonAsync()).GetProperty("items");
        Assert.True(items.GetArrayLength() > 0, $"The delivery log of {subscriptionId} is empty.");
        return items[0];
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class WebhookTestsOnPostgres(PostgresWebhookApp fixture) : WebhookTests(fixture), IClassFixture<PostgresWebhookApp>;
