using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests;

/// <summary>A real number's messages counted by the pricing category of Meta's status webhooks: once per message, and only the account's own.</summary>
public class MetaPricingUsageTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private const string AppSecret = "meta-app-secret-for-pricing";

    [Fact]
    public async Task MetasPricedStatuses_CountEachMessageOnce_ByItsCategory()
    {
        var app = fixture.App;
        var tenant = await app.NewAccountAsync();
        var phoneNumberId = "1065403" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var wabaId = "1022901" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        fixture.Meta.Owns(FakeMeta.AccessToken, phoneNumberId, wabaId);
        await tenant.Owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId,
            wabaId,
            displayNumber = "+1 555 012 7777",
            accessToken = FakeMeta.AccessToken,
            appSecret = AppSecret,
        }).ShouldHaveStatusAsync(201);
        var key = await app.CreateKeyAsync(new { permissions = new[] { "messages:send", "usage:read" } }, by: tenant.Owner);
        var sender = app.ClientFor(key);
        var marketing = await sender.SendTemplateAsync(phoneNumberId);
        var utility = await sender.SendTemplateAsync(phoneNumberId);
        var meta = app.Anonymous();

        string Priced(string wamid, string status, string category) => MetaWebhookEvents.Event(phoneNumberId, wabaId, "messages", new JsonObject
        {
            ["statuses"] = new JsonArray(new JsonObject
            {
                ["id"] = wamid,
                ["status"] = status,
                ["timestamp"] = MetaWebhookEvents.Now().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["recipient_id"] = "15550008888",
                ["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = category },
            }),
        });
        foreach (var body in new[]
        {
            Priced(marketing, "sent", "marketing"),
            Priced(marketing, "delivered", "marketing"),
            Priced(marketing, "delivered", "marketing"), // Meta retrying its webhook
            Priced(utility, "delivered", "utility"),
            Priced("wamid.NOT-A-MESSAGE-OF-THIS-ACCOUNT", "sent", "marketing"),
        })
        {
            await meta.PostMetaEventAsync(body, AppSecret).ShouldHaveStatusAsync(200);
        }
        await app.FlushUsageAsync();

        var byCategory = (await sender.GetAsync($"/v1/keys/{key.Id}/usage?granularity=day").JsonAsync()).GetProperty("messagesByCategory");
        Assert.Equal(1, byCategory.GetProperty("marketing").GetInt64());
        Assert.Equal(1, byCategory.GetProperty("utility").GetInt64());
        Assert.Equal(0, byCategory.GetProperty("service").GetInt64());
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaPricingUsageTestsOnPostgres(PostgresKeygateWithMeta fixture) : MetaPricingUsageTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
