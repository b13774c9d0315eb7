using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Observability;

/// <summary>
/// <c>/metrics</c>, scraped as Prometheus scrapes it: key requests by group and outcome, webhook deliveries, the usage
/// counts waiting to be written and .NET's HTTP client calls, with no secret, key id or phone number anywhere in it.
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

        Assert.Matches(Series("keygate_requests_total", "outcome=\"ok\"", "1"), metrics);
        Assert.Matches(Series("keygate_requests_total", "outcome=\"forbidden\"", "1"), metrics);
        Assert.Matches(Series("keygate_webhook_attempts_total", "result=\"delivered\"", "1"), metrics);
        Assert.Matches(Series("keygate_usage_pending", "", Positive), metrics);
        Assert.Matches(Series("keygate_key_cache_entries", "", Positive), metrics);
        Assert.Matches(Series("keygate_key_cache_load_duration_seconds_count", "result=\"found\"", Positive), metrics);
        Assert.Contains("http_client_request_duration_seconds_count{", metrics, StringComparison.Ordinal);
        // deploy/grafana-dashboard.json asks only for series a scrape carries.
        foreach (var series in DashboardSeries())
        {
            Assert.Matches(new Regex($"^{series}[{{ ]", RegexOptions.Multiline), metrics);
        }
        // Keygate's series carry only labels whose values come from fixed sets: a new label (a key id, a phone number)
        // fails here even where no such value happens to be in this scrape.
        var labels = Regex.Matches(metrics, @"^keygate_\w*\{([^}]*)\}", RegexOptions.Multiline)
            .SelectMany(series => Regex.Matches(series.Groups[1].Value, @"(\w+)=""").Select(label => label.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("outcome", labels); // the pattern reads the scrape at all
        Assert.Subset(FixedLabels, labels);
        var masterKey = (await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "master.key"), TestContext.Current.CancellationToken)).Trim();
        foreach (var secret in new[]
        {
            sender.Secret, sender.Id, subscription.GetProperty("secret").GetString()!, KeygateApp.AdminPassword, masterKey,
            Sandbox.Customer, sandbox.PhoneNumberId, sandbox.WabaId,
        })
        {
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }
    }

    /// <summary>The labels Keygate's own series may carry: endpoint group, outcome, result, and the exporter's own.</summary>
    private static readonly HashSet<string> FixedLabels = ["group", "outcome", "result", "le", "otel_scope_name", "otel_scope_version"];

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

    private static IEnumerable<string> DashboardSeries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(PublishedKeygate.RepositoryRoot, "deploy", "grafana-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!).ToList();
        Assert.NotEmpty(expressions);
        return expressions.SelectMany(expression => Regex.Matches(expression, @"\b(?:keygate|http_client)_[a-z_]+\b").Select(match => match.Value)).Distinct();
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(200);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private const string Positive = "[1-9][0-9]*";

    /// <summary>A series of <paramref name="name"/> whose labels include <paramref name="label"/>, at a value <paramref name="value"/> matches.</summary>
    private static Regex Series(string name, string label, string value) =>
        new($@"^{name}\{{[^}}]*{Regex.Escape(label)}[^}}]*\}} {value}( |$)", RegexOptions.Multiline);
}
