using System.Text;

namespace Keygate.IntegrationTests.Keys;

/// <summary>A key that manages keys only narrows: what it creates or edits is at least as restricted as itself (issue 9, item 3).</summary>
public class KeyNarrowingTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private static readonly string[] Managing = ["keys:manage", "keys:read", "messages:send"];

    [Fact]
    public async Task RestrictedManagingKey_CannotDropAnyOfItsOwnRestrictions()
    {
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var expiry = DateTime.UtcNow.AddDays(30);
        var self = await app.CreateKeyAsync(new
        {
            permissions = Managing,
            phoneNumberIds = new[] { sandbox.PhoneNumberId },
            ipAllowlist = new[] { "127.0.0.0/8" },
            rateLimits = new[] { new { name = "per-minute", limit = 600, periodSeconds = 60 } },
            quotas = new[] { new { metric = "requests", limit = 10_000, period = "day" } },
            expiresAt = expiry,
            misusePolicy = "disable",
        });
        var client = app.ClientFor(self);

        foreach (var (field, loosened) in new (string, object)[]
        {
            ("phoneNumberIds", new { phoneNumberIds = Array.Empty<string>() }),
            ("ipAllowlist", new { ipAllowlist = Array.Empty<string>() }),
            ("ipAllowlist", new { ipAllowlist = new[] { "0.0.0.0/0" } }),
            ("rateLimits", new { rateLimits = Array.Empty<object>() }),
            ("rateLimits", new { rateLimits = new[] { new { name = "per-minute", limit = 601, periodSeconds = 60 } } }),
            ("quotas", new { quotas = Array.Empty<object>() }),
            ("expiresAt", new { expiresAt = (DateTime?)null }),
            ("expiresAt", new { expiresAt = expiry.AddDays(1) }),
            ("misusePolicy", new { misusePolicy = "alert" }),
        })
        {
            var refused = await client.PatchJsonAsync($"/v1/keys/{self.Id}", loosened).ShouldBeProblemAsync(403, "insufficient_permissions");
            Assert.Contains(field, refused.GetProperty("detail").GetString());
        }

        var stored = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{self.Id}").JsonAsync();
        Assert.Equal(1, stored.GetProperty("phoneNumberIds").GetArrayLength());
        Assert.Equal(1, stored.GetProperty("rateLimits").GetArrayLength());
        Assert.Equal("disable", stored.GetProperty("misusePolicy").GetString());

        // Narrowing itself further is allowed.
        await client.PatchJsonAsync($"/v1/keys/{self.Id}", new { rateLimits = new[] { new { name = "per-minute", limit = 100, periodSeconds = 60 } } })
            .ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task RestrictedManagingKey_CreatesOnlyChildrenAtLeastAsRestricted()
    {
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var expiry = DateTime.UtcNow.AddDays(7);
        var manager = app.ClientFor(await app.CreateKeyAsync(new
        {
            permissions = Managing,
            phoneNumberIds = new[] { sandbox.PhoneNumberId },
            ipAllowlist = new[] { "127.0.0.0/8" },
            rateLimits = new[] { new { name = "per-second", limit = 20, periodSeconds = 1 } },
            quotas = new[] { new { metric = "messages", limit = 1000, period = "day" } },
            expiresAt = expiry,
            misusePolicy = "disable",
        }));

        var unrestricted = await manager.PostAsJsonAsync("/v1/keys", new { name = "wide-child", environment = "production", permissions = new[] { "messages:send" } })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
        foreach (var field in new[] { "phoneNumberIds", "ipAllowlist", "rateLimits", "quotas", "expiresAt", "misusePolicy" })
        {
            Assert.Contains(field, unrestricted.GetProperty("detail").GetString());
        }

        // A longer window admitting no more, a month quota no larger than the day's, a /24 inside the /8: all narrower.
        await manager.PostAsJsonAsync("/v1/keys", new
        {
            name = "narrow-child",
            environment = "production",
            permissions = new[] { "messages:send" },
            phoneNumberIds = new[] { sandbox.PhoneNumberId },
            ipAllowlist = new[] { "127.0.0.0/24" },
            rateLimits = new[] { new { name = "per-minute", limit = 20, periodSeconds = 60 } },
            quotas = new[] { new { metric = "messages", limit = 500, period = "month" } },
            expiresAt = expiry.AddHours(-1),
            misusePolicy = "disable",
        }).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task ManagingKey_CannotRotateOrReEnableAKeyThatReachesFurtherThanItself()
    {
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var manager = app.ClientFor(await app.CreateKeyAsync(new { permissions = Managing, phoneNumberIds = new[] { sandbox.PhoneNumberId } }));
        var unbound = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        var owner = await app.OwnerAsync();

        // Rotating would hand the bound manager a key for every number.
        await manager.PostAsJsonAsync($"/v1/keys/{unbound.Id}/rotate", new { }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await owner.PostAsJsonAsync($"/v1/keys/{unbound.Id}/disable", new { }).ShouldHaveStatusAsync(200);
        await manager.PostAsJsonAsync($"/v1/keys/{unbound.Id}/enable", new { }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await app.ClientFor(unbound).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_disabled");
    }

    [Fact]
    public async Task SigningRequiredManager_CannotCreateAKeyThatTakesBareSecrets()
    {
        var manager = await app.CreateKeyAsync(new { permissions = Managing, signing = "required" });
        var body = """{"name":"bare-child","environment":"production","permissions":["messages:send"]}""";
        var request = RequestSigner.Sign(HttpMethod.Post, "/v1/keys", manager.Id, manager.Secret, app.Clock.GetUtcNow().ToUnixTimeSeconds(),
            body: Encoding.UTF8.GetBytes(body));
        var refused = await app.Anonymous().SendAsync(request).ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.Contains("signing", refused.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DashboardUser_KeepsTheirRolesPowers_WhateverTheirKeysAre()
    {
        var owner = await app.OwnerAsync();
        await owner.PostAsJsonAsync("/v1/keys", new { name = "owner-made", environment = "production", permissions = new[] { "messages:send" } })
            .ShouldHaveStatusAsync(201);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class KeyNarrowingTestsOnPostgres(PostgresKeygateApp app) : KeyNarrowingTests(app), IClassFixture<PostgresKeygateApp>;
