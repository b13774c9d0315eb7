using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests;

/// <summary>
/// A real number's health (Meta's status, quality rating, messaging limit tier and name status): read at registration,
/// again on demand, and followed through Meta's <c>phone_number_quality_update</c> webhooks. The registration's own
/// check that the token reads the number in the stated WABA is <see cref="PhoneNumberOwnershipTests"/>'.
/// </summary>
public class NumberHealthTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private readonly KeygateApp _app = fixture.App;

    [Fact]
    public async Task Registration_KeepsTheHealthMetaReports_AndTheNumbersListShowsIt()
    {
        var number = await fixture.RegisterMetaNumberAsync();

        AssertHealth(number.Registered.GetProperty("number").GetProperty("health"), "CONNECTED", "GREEN", "TIER_1K");
        Assert.Equal("APPROVED", number.Registered.GetProperty("number").GetProperty("health").GetProperty("nameStatus").GetString());
        var numbers = await number.Owner.GetAsync("/v1/phone-numbers").JsonAsync();
        AssertHealth(Listed(numbers, number.PhoneNumberId).GetProperty("health"), "CONNECTED", "GREEN", "TIER_1K");
        var sandbox = numbers.EnumerateArray().Single(n => n.GetProperty("provider").GetString() == "sandbox");
        Assert.Equal(JsonValueKind.Null, sandbox.GetProperty("health").ValueKind);
    }

    [Fact]
    public async Task Refresh_ReadsTheHealthFromMetaAgain_AndKeepsIt()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        fixture.Meta.SetHealth(number.PhoneNumberId, "FLAGGED", "RED", "TIER_250");
        AssertHealth(await HealthAsync(number), "CONNECTED", "GREEN", "TIER_1K");

        var refreshed = await number.Owner.PostAsync($"/v1/phone-numbers/{number.PhoneNumberId}/refresh", null).JsonAsync();

        AssertHealth(refreshed.GetProperty("health"), "FLAGGED", "RED", "TIER_250");
        AssertHealth(await HealthAsync(number), "FLAGGED", "RED", "TIER_250");
    }

    [Fact]
    public async Task Refresh_WhenMetaNoLongerLetsTheTokenReadTheNumber_IsAConflict_AndKeepsTheLastHealth()
    {
        var number = await fixture.RegisterMetaNumberAsync("EAAG-" + Guid.NewGuid().ToString("N"));
        fixture.Meta.SetHealth(number.PhoneNumberId, "RESTRICTED", "RED", "TIER_50");
        fixture.Meta.Disowns(number.AccessToken, number.PhoneNumberId);

        await number.Owner.PostAsync($"/v1/phone-numbers/{number.PhoneNumberId}/refresh", null).ShouldBeProblemAsync(409, "conflict");

        AssertHealth(await HealthAsync(number), "CONNECTED", "GREEN", "TIER_1K");
    }

    [Fact]
    public async Task RefreshingAnotherAccountsNumber_IsNotFound()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        var stranger = await _app.NewAccountOwnerAsync();
        await stranger.PostAsync($"/v1/phone-numbers/{number.PhoneNumberId}/refresh", null).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task AQualityWebhook_UpdatesTheTierAndTheRating()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        fixture.Meta.SetHealth(number.PhoneNumberId, "CONNECTED", "YELLOW", "TIER_10K");
        var update = MetaWebhookEvents.AccountEvent(number.WabaId, "phone_number_quality_update", new JsonObject
        {
            ["display_phone_number"] = new string([.. number.DisplayNumber.Where(char.IsAsciiDigit)]),
            ["event"] = "UPGRADE",
            ["current_limit"] = "TIER_10K",
            ["old_limit"] = "TIER_1K",
        });

        await _app.Anonymous().PostMetaEventAsync(update, number.AppSecret).ShouldHaveStatusAsync(200);

        var health = await HealthAsync(number);
        AssertHealth(health, "CONNECTED", "YELLOW", "TIER_10K");
        Assert.Equal("UPGRADE", health.GetProperty("qualityEvent").GetString());
    }

    private static async Task<JsonElement> HealthAsync(MetaNumber number) =>
        Listed(await number.Owner.GetAsync("/v1/phone-numbers").JsonAsync(), number.PhoneNumberId).GetProperty("health");

    private static JsonElement Listed(JsonElement numbers, string id) => numbers.EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);

    private static void AssertHealth(JsonElement health, string status, string quality, string tier)
    {
        Assert.Equal(status, health.GetProperty("status").GetString());
        Assert.Equal(quality, health.GetProperty("qualityRating").GetString());
        Assert.Equal(tier, health.GetProperty("messagingLimitTier").GetString());
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class NumberHealthTestsOnPostgres(PostgresKeygateWithMeta fixture) : NumberHealthTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
