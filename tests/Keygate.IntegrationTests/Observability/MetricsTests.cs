using System.Text.RegularExpressions;
using static Keygate.IntegrationTests.Observability.Scrapes;

namespace Keygate.IntegrationTests.Observability;

/// <summary>
/// <c>/metrics</c>, scraped as Prometheus scrapes it after real traffic: key requests by group and outcome, verifications
/// (timed, cache hit or miss), limit decisions and quota reservations, calls to Meta, webhook deliveries, the usage counts
/// waiting to be written and .NET's HTTP client calls, with no secret, key id or phone number anywhere in it.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task AScrape_CountsRequestsAndDeliveries_AndNamesNoSecretKeyOrPhoneNumber()
    {
        await using var app = KeygateApp.With(WebhookApp.LoopbackAllowed);
        await using var receiver = await WebhookReceiver.StartAsync();
        var owner = await app.OwnerAsync();
        var subscription = await owner.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "messages" } }).JsonAsync(201);
        await owner.PostAsync($"/v1/webhooks/{subscription.GetProperty("id").GetString()}/test", null).ShouldHaveStatusAsync(202);
        await app.DispatchAsync();
        Assert.Single(receiver.Received);

        var sandbox = await Sandbox.OfAsync(owner);
        var sender = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        await app.ClientFor(sender).PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(Sandbox.Customer, "Hello!")).ShouldHaveStatusAsync(200);
        await app.ClientFor(sender).GetAsync("/v1/keys").ShouldHaveStatusAsync(403);

        var metrics = await ScrapeAsync(app.Anonymous());

        Assert.Matches(Series("keygate_requests_total", "1", "outcome=\"ok\""), metrics);
        Assert.Matches(Series("keygate_requests_total", "1", "outcome=\"forbidden\""), metrics);
        Assert.Matches(Series("keygate_webhook_attempts_total", "1", "result=\"delivered\""), metrics);
        Assert.Matches(Series("keygate_usage_pending", Positive), metrics);
        Assert.Matches(Series("keygate_key_cache_entries", Positive), metrics);
        Assert.Matches(Series("keygate_key_cache_load_duration_seconds_count", Positive, "result=\"found\""), metrics);
        Assert.Contains("http_client_request_duration_seconds_count{", metrics, StringComparison.Ordinal);
        var masterKey = (await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "master.key"), TestContext.Current.CancellationToken)).Trim();
        AssertNamesNoSecret(metrics, sender.Secret, sender.Id, subscription.GetProperty("secret").GetString()!, KeygateApp.AdminPassword, masterKey,
            Sandbox.Customer, sandbox.PhoneNumberId, sandbox.WabaId);
    }

    [Fact]
    public async Task AScrape_TimesVerificationsAndMetaCalls_AndCountsLimitDecisionsAndQuotaReservations()
    {
        await using var meta = await FakeMeta.StartAsync();
        await using var app = KeygateApp.With(("Meta:BaseUrl", meta.Address.ToString()));
        var number = await app.RegisterMetaNumberAsync(meta); // Meta reads the number to prove it is the account's
        var sender = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: number.Owner);
        await app.ClientFor(sender).PostAsJsonAsync(number.MessagesPath, Sandbox.Text(Customer, "Hello!")).ShouldHaveStatusAsync(200);
        var windowedKey = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "per-minute", limit = 1, periodSeconds = 60 } } });
        await app.ClientFor(sender.Id, windowedKey.Secret).GetAsync("/v1/ping").ShouldHaveStatusAsync(401); // the wrong secret

        var windowed = app.ClientFor(windowedKey);
        await windowed.GetAsync("/v1/ping").ShouldHaveStatusAsync(200);
        await windowed.GetAsync("/v1/ping").ShouldHaveStatusAsync(429);
        // A second node over the same store: the quota's two requests are reserved one by each node, so this node's next
        // block is refused by the store (the other holds the rest) and the request by the quota.
        await using var other = app.Again();
        var quota = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 2, period = "day" } } });
        await app.ClientFor(quota).GetAsync("/v1/ping").ShouldHaveStatusAsync(200);
        await other.ClientFor(quota).GetAsync("/v1/ping").ShouldHaveStatusAsync(200);
        await app.ClientFor(quota).GetAsync("/v1/ping").ShouldHaveStatusAsync(429);

        var metrics = await ScrapeAsync(app.Anonymous());

        Assert.Matches(Series("keygate_key_verification_duration_seconds_count", Positive, "cache=\"miss\"", "result=\"valid\""), metrics);
        Assert.Matches(Series("keygate_key_verification_duration_seconds_count", Positive, "cache=\"hit\"", "result=\"valid\""), metrics);
        Assert.Matches(Series("keygate_key_verification_duration_seconds_count", "1", "cache=\"hit\"", "result=\"refused\""), metrics);
        Assert.Matches(Series("keygate_key_verification_duration_seconds_sum", AboveZero, "cache=\"hit\"", "result=\"valid\""), metrics);
        // Buckets fine enough for a cached verification, which takes microseconds.
        Assert.Matches(Series("keygate_key_verification_duration_seconds_bucket", Positive, "cache=\"hit\"", "result=\"valid\"", "le=\"0.001\""), metrics);
        Assert.Matches(Series("keygate_limit_decisions_total", "1", "result=\"admitted\"", "scope=\"key\"", "limit=\"rate\""), metrics);
        Assert.Matches(Series("keygate_limit_decisions_total", "1", "result=\"refused\"", "scope=\"key\"", "limit=\"rate\""), metrics);
        Assert.Matches(Series("keygate_limit_decisions_total", "1", "result=\"admitted\"", "scope=\"key\"", "limit=\"quota\""), metrics);
        Assert.Matches(Series("keygate_limit_decisions_total", "1", "result=\"refused\"", "scope=\"key\"", "limit=\"quota\""), metrics);
        Assert.Matches(Series("keygate_quota_reservations_total", "1", "result=\"granted\""), metrics);
        Assert.Matches(Series("keygate_quota_reservations_total", "1", "result=\"refused\""), metrics);
        Assert.Matches(Series("keygate_meta_call_duration_seconds_count", "1", "operation=\"send_message\"", "outcome=\"ok\""), metrics);
        Assert.Matches(Series("keygate_meta_call_duration_seconds_count", Positive, "operation=\"read_phone_number\"", "outcome=\"ok\""), metrics);
        Assert.Matches(Series("keygate_meta_call_duration_seconds_sum", AboveZero, "operation=\"send_message\"", "outcome=\"ok\""), metrics);
        Assert.Matches(Series("keygate_quota_reservations_total", "1", "result=\"granted\""), await ScrapeAsync(other.Anonymous()));
        // deploy/grafana-dashboard.json asks only for series a scrape carries: those of this one, webhook attempts (above) and
        // change propagation, which needs nodes on Redis (ChangePropagationMetricsTests).
        foreach (var series in DashboardSeries().Where(series => series != "keygate_webhook_attempts_total" && !series.StartsWith(ChangePropagation, StringComparison.Ordinal)))
        {
            Assert.Matches(new Regex($"^{series}[{{ ]", RegexOptions.Multiline), metrics);
        }
        AssertNamesNoSecret(metrics, sender.Secret, sender.Id, quota.Secret, quota.Id, Customer, number.PhoneNumberId, number.WabaId,
            number.DisplayNumber, number.AccessToken, number.AppSecret, number.Tenant.AccountId);
    }

    private const string Customer = "15550001111";

    internal const string ChangePropagation = "keygate_change_propagation_delay_seconds";

    [Fact]
    public async Task AScrapeFromAnotherMachine_IsNotFound()
    {
        // 127.0.0.1 is a trusted proxy here, so X-Forwarded-For says who the client really is.
        await using var app = KeygateApp.With(("Http:TrustedProxies:0", "127.0.0.1"));
        await ScrapeAsync(app.Anonymous());

        var remote = app.Anonymous();
        remote.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.4");
        await remote.GetAsync("/metrics", TestContext.Current.CancellationToken).ShouldHaveStatusAsync(404);
    }

    internal static IEnumerable<string> DashboardSeries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(PublishedKeygate.RepositoryRoot, "deploy", "grafana-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!).ToList();
        Assert.NotEmpty(expressions);
        return expressions.SelectMany(expression => Regex.Matches(expression, @"\b(?:keygate|http_client)_[a-z_]+\b").Select(match => match.Value)).Distinct();
    }
}
