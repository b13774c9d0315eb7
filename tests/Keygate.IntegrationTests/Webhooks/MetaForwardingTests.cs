using System.Text.Json.Nodes;
using Keygate.Webhooks;

namespace Keygate.IntegrationTests.Webhooks;

/// <summary>
/// A registered Meta number with two subscriptions: one to every event, one to template status updates only.
/// Shared by <see cref="MetaForwardingTests"/>, whose cases run one after another.
/// </summary>
public class MetaForwardingWorld : IAsyncLifetime
{
    private readonly Store _store;

    public MetaForwardingWorld() : this(Store.Sqlite)
    {
    }

    protected MetaForwardingWorld(Store store) => _store = store;

    // The phone number and WABA of Meta's own examples, so that its example bodies name this number.
    public const string PhoneNumberId = "106540352242922";
    public const string WabaId = "102290129340398";
    public const string AppSecret = "meta-app-secret-of-the-forwarding-tests";

    public FakeMeta Meta { get; private set; } = null!;
    public KeygateApp App { get; private set; } = null!;
    public HttpClient Owner { get; private set; } = null!;
    public WebhookReceiver Everything { get; private set; } = null!;
    public string EverythingId { get; private set; } = null!;
    public string TemplatesOnlyId { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Meta = await FakeMeta.StartAsync();
        App = KeygateApp.On(_store, [("Meta:BaseUrl", Meta.Address.ToString()), .. WebhookApp.LoopbackAllowed]);
        Owner = (await App.NewAccountAsync()).Owner;
        Meta.Owns(FakeMeta.AccessToken, PhoneNumberId, WabaId);
        await Owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = PhoneNumberId,
            wabaId = WabaId,
            displayNumber = "+1 555 078 3881",
            accessToken = FakeMeta.AccessToken,
            appSecret = AppSecret,
            verifyToken = "verify-token-of-the-forwarding-tests",
        }).ShouldHaveStatusAsync(201);
        Everything = await WebhookReceiver.StartAsync();
        EverythingId = await SubscribeAsync(Everything.Url, [.. WebhookEvents.Subscribable]);
        // Never answers: its deliveries only wait in its log, which is what the tests read.
        TemplatesOnlyId = await SubscribeAsync("http://127.0.0.1:9/templates", ["message_template_status_update"]);
    }

    private async Task<string> SubscribeAsync(string url, string[] events) =>
        (await Owner.PostAsJsonAsync("/v1/webhooks", new { url, events }).JsonAsync(201)).GetProperty("id").GetString()!;

    public async ValueTask DisposeAsync()
    {
        await Everything.DisposeAsync();
        await App.DisposeAsync();
        await Meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class PostgresMetaForwardingWorld() : MetaForwardingWorld(Store.PostgreSql);

/// <summary>
/// Meta's webhook bodies posted to <c>/webhooks/meta</c> as Meta posts them (signed, and then again, as Meta retries)
/// reach a subscriber JSON-equal to what Meta sent, once per change. <c>MetaExamples/</c> holds every webhook example
/// of Meta's Cloud API reference (named after its titles) and, built from the same reference's status, pricing,
/// conversation and error schemas and from Meta's field documentation, statuses and account-level events; their ids are
/// this test's number and WABA.
/// </summary>
public class MetaForwardingTests(MetaForwardingWorld world) : IClassFixture<MetaForwardingWorld>
{
    private static readonly string ExamplesDirectory = Path.Combine(AppContext.BaseDirectory, "Webhooks", "MetaExamples");

    public static TheoryData<string> Examples => [.. Directory.GetFiles(ExamplesDirectory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void TheExamples_AreAllThere()
    {
        Assert.True(Examples.Count >= 33, $"{Examples.Count} examples found in {ExamplesDirectory}.");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task MetasExample_IsForwardedJsonEqual_OncePerChange_ToTheSubscriptionsThatChoseItsField(string example)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(ExamplesDirectory, example + ".json"), TestContext.Current.CancellationToken);

        await PostSignedAsync(body).ShouldHaveStatusAsync(200);
        await PostSignedAsync(body).ShouldHaveStatusAsync(200);

        // Deliveries are stored before Meta is answered: the logs are final now, whatever the dispatcher has done.
        world.App.Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var (envelope, eventType) in Changes(body))
        {
            var received = await world.Everything.WaitForAsync(r => JsonNode.DeepEquals(JsonNode.Parse(r.Body), envelope));
            Assert.Equal(eventType, received.Event);
            Assert.Equal(1, await LoggedAsync(world.EverythingId, envelope));
            Assert.Equal(eventType == "message_template_status_update" ? 1 : 0, await LoggedAsync(world.TemplatesOnlyId, envelope));
        }
    }

    /// <summary>
    /// Each change of Meta's body in Meta's envelope, as a subscriber gets it, with its event: Meta's field name, but
    /// statuses (which Meta sends in its <c>messages</c> field) apart from inbound messages, as Keygate always told them.
    /// </summary>
    private static IEnumerable<(JsonNode Envelope, string EventType)> Changes(string body)
    {
        foreach (var entry in JsonNode.Parse(body)!["entry"]!.AsArray())
        {
            foreach (var change in entry!["changes"]!.AsArray())
            {
                var field = change!["field"]!.GetValue<string>();
                var value = change["value"]!.AsObject();
                var eventType = field == "messages" && value.ContainsKey("statuses") && !value.ContainsKey("messages") ? "statuses" : field;
                yield return (new JsonObject
                {
                    ["object"] = "whatsapp_business_account",
                    ["entry"] = new JsonArray(new JsonObject { ["id"] = entry["id"]!.DeepClone(), ["changes"] = new JsonArray(change.DeepClone()) }),
                }, eventType);
            }
        }
    }

    private async Task<int> LoggedAsync(string subscriptionId, JsonNode envelope)
    {
        var log = await world.Owner.GetAsync($"/v1/webhooks/{subscriptionId}/deliveries?limit=100").JsonAsync();
        return log.GetProperty("items").EnumerateArray().Count(d => JsonNode.DeepEquals(JsonNode.Parse(d.GetProperty("payload").GetRawText()), envelope));
    }

    private Task<HttpResponseMessage> PostSignedAsync(string body) => world.App.Anonymous().PostMetaEventAsync(body, MetaForwardingWorld.AppSecret);
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaForwardingTestsOnPostgres(PostgresMetaForwardingWorld world) : MetaForwardingTests(world), IClassFixture<PostgresMetaForwardingWorld>;
