using System.Security.Cryptography;
using System.Text;
using Keygate.Audit;

namespace Keygate.IntegrationTests;

/// <summary>
/// The audit trail through HTTP. Each test works in an account of its own, so it can expect that account's
/// trail exactly: the account's creation, its owner's login, then what the test did.
/// </summary>
public class AuditTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task KeyLifecycle_IsRecordedInOrder_WithActorTargetAndTheChangedFields()
    {
        var tenant = await app.NewAccountAsync();
        var owner = tenant.Owner;
        var key = await app.CreateKeyAsync(new { name = "audited", permissions = new[] { "keys:read" }, labels = new { team = "billing" } }, by: owner);
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "audited-renamed", labels = new { team = "ops" } }).ShouldHaveStatusAsync(200);
        var rotated = await owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { gracePeriodSeconds = 3600 }).JsonAsync();
        var newSecret = rotated.GetProperty("apiSecret").GetString()!;
        foreach (var action in new[] { "disable", "enable", "revoke" })
        {
            await owner.PostAsync($"/v1/keys/{key.Id}/{action}", null).ShouldHaveStatusAsync(200);
        }

        var items = await ItemsAsync(owner, $"/v1/audit?target={key.Id}");

        Assert.Equal(["key.revoked", "key.enabled", "key.disabled", "key.rotated", "key.updated", "key.created"], items.Select(TypeOf));
        Assert.Equal([1005, 1004, 1003, 1002, 1001, 1000], items.Select(i => i.GetProperty("eventNumber").GetInt32()));
        var sequences = items.Select(i => i.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(n => sequences[^1] + 5 - n), sequences);
        foreach (var item in items)
        {
            Assert.Equal("user", item.GetProperty("actorType").GetString());
            Assert.Equal(tenant.OwnerId, item.GetProperty("actorId").GetString());
            Assert.Equal("key", item.GetProperty("targetType").GetString());
            Assert.Equal(key.Id, item.GetProperty("targetId").GetString());
            Assert.Equal("127.0.0.1", item.GetProperty("sourceAddress").GetString());
        }

        var created = Changes(items[5]);
        Assert.Equal("audited", created.GetProperty("name").GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("name").GetProperty("before").ValueKind);
        Assert.Equal("""["keys:read"]""", created.GetProperty("permissions").GetProperty("after").GetRawText());

        var updated = Changes(items[4]);
        Assert.Equal(["labels", "name"], updated.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("audited", updated.GetProperty("name").GetProperty("before").GetString());
        Assert.Equal("audited-renamed", updated.GetProperty("name").GetProperty("after").GetString());
        Assert.Equal("""{"team":"billing"}""", updated.GetProperty("labels").GetProperty("before").GetRawText());
        Assert.Equal("""{"team":"ops"}""", updated.GetProperty("labels").GetProperty("after").GetRawText());

        var rotation = Changes(items[3]);
        Assert.Equal(3600, rotation.GetProperty("gracePeriodSeconds").GetProperty("after").GetInt32());
        Assert.Equal(key.Secret[^4..], rotation.GetProperty("secretHint").GetProperty("before").GetString());
        Assert.Equal(newSecret[^4..], rotation.GetProperty("secretHint").GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.String, rotation.GetProperty("previousSecretExpiresAt").GetProperty("after").ValueKind);

        Assert.Equal("""{"status":{"before":"active","after":"disabled"}}""", Changes(items[2]).GetRawText());
        Assert.Equal("""{"status":{"before":"disabled","after":"active"}}""", Changes(items[1]).GetRawText());
        var revoked = Changes(items[0]);
        Assert.Equal("revoked", revoked.GetProperty("status").GetProperty("after").GetString());
    }

    [Fact]
    public async Task TheTrailAndItsExports_NeverHoldASecretItsHashOrAPassword()
    {
        var tenant = await app.NewAccountAsync();
        var owner = tenant.Owner;
        var plain = await app.CreateKeyAsync(by: owner);
        var signing = await app.CreateKeyAsync(new { signing = "allowed" }, by: owner);
        var rotated = await owner.PostAsJsonAsync($"/v1/keys/{signing.Id}/rotate", new { gracePeriodSeconds = 60 }).JsonAsync();
        await owner.PostAsync($"/v1/keys/{signing.Id}/revoke", null).ShouldHaveStatusAsync(200);
        var typedPassword = "typed-" + Guid.NewGuid().ToString("N");
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = tenant.Email, password = typedPassword }).ShouldBeProblemAsync(401, "invalid_credentials");
        await app.LoginAsync(tenant.Email, tenant.Password);

        var secrets = new[] { plain.Secret, signing.Secret, rotated.GetProperty("apiSecret").GetString()! };
        var sensitive = secrets
            .Concat(secrets.Select(s => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s)))))
            .Concat(secrets.Select(s => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant()))
            .Concat([tenant.Password, typedPassword, KeygateApp.AdminPassword])
            .ToList();
        var bodies = new[]
        {
            await owner.GetStringAsync("/v1/audit?limit=100"),
            await owner.GetStringAsync("/v1/audit/export?format=csv"),
            await owner.GetStringAsync("/v1/audit/export?format=jsonl"),
        };

        Assert.All(bodies, body => Assert.Contains(signing.Id, body, StringComparison.Ordinal));
        foreach (var body in bodies)
        {
            foreach (var value in sensitive)
            {
                Assert.DoesNotContain(value, body, StringComparison.OrdinalIgnoreCase);
            }
            Assert.DoesNotContain("kgs_", body, StringComparison.Ordinal);
            Assert.DoesNotContain("secretHash", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("encrypted", body, StringComparison.OrdinalIgnoreCase);
            // The owner's own password change is an entry by name; no password travels with it.
            Assert.DoesNotContain("password", body.Replace("password.changed", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AKeysActions_NameTheKeyAsTheActor()
    {
        var tenant = await app.NewAccountAsync();
        var manager = await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "keys:read", "audit:read" } }, by: tenant.Owner);
        var made = await app.CreateKeyAsync(new { permissions = new[] { "keys:read" } }, by: app.ClientFor(manager));

        var items = await ItemsAsync(app.ClientFor(manager), $"/v1/audit?actor={manager.Id}");

        var entry = Assert.Single(items);
        Assert.Equal("key.created", TypeOf(entry));
        Assert.Equal("key", entry.GetProperty("actorType").GetString());
        Assert.Equal(made.Id, entry.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task Logins_SucceededFailedAndLogout_AreRecordedInTheUsersAccount()
    {
        var tenant = await app.NewAccountAsync();
        var unknownEmail = $"nobody-{Guid.NewGuid():N}@tenant.test";
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = tenant.Email, password = "not-the-password" }).ShouldBeProblemAsync(401, "invalid_credentials");
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = unknownEmail, password = "not-the-password" }).ShouldBeProblemAsync(401, "invalid_credentials");
        var session = await app.LoginAsync(tenant.Email, tenant.Password);
        await session.PostAsync("/v1/auth/logout", null).ShouldHaveStatusAsync(204);
        var operatorId = (await (await app.OwnerAsync()).GetAsync("/v1/whoami").JsonAsync()).GetProperty("userId").GetString();

        var items = await ItemsAsync(tenant.Owner, "/v1/audit");

        // The owner's first login replaced the handed-out password (KeygateApp.NewAccountAsync), as it must.
        Assert.Equal(["logout", "login.succeeded", "login.failed", "password.changed", "login.succeeded", "account.created"], items.Select(TypeOf));
        Assert.Equal([6L, 5, 4, 3, 2, 1], items.Select(i => i.GetProperty("sequence").GetInt64()));
        var (logout, succeeded, failed, created) = (items[0], items[1], items[2], items[5]);
        Assert.Equal($"user:{tenant.OwnerId}", Actor(logout));
        Assert.Equal($"user:{tenant.OwnerId}", Actor(succeeded));
        Assert.Equal(1100, succeeded.GetProperty("eventNumber").GetInt32());
        // A failure proves nothing about who typed it: anonymous, against the user whose e-mail was typed.
        Assert.Equal("anonymous:", Actor(failed));
        Assert.Equal(1101, failed.GetProperty("eventNumber").GetInt32());
        Assert.Equal(tenant.OwnerId, failed.GetProperty("targetId").GetString());
        Assert.Equal("127.0.0.1", failed.GetProperty("sourceAddress").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("changes").ValueKind);
        // The account's creation is its first entry, by the operator who created it.
        Assert.Equal($"user:{operatorId}", Actor(created));
        Assert.Equal(tenant.AccountId, created.GetProperty("targetId").GetString());
        Assert.Equal(tenant.Email, Changes(created).GetProperty("ownerEmail").GetProperty("after").GetString());

        // An e-mail with no login belongs to no account: no account's trail shows it.
        Assert.DoesNotContain(unknownEmail, await (await app.OwnerAsync()).GetStringAsync("/v1/audit/export?format=jsonl"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstAccount_StartsItsTrailWithItsCreationBySystem()
    {
        var items = await ItemsAsync(await app.OwnerAsync(), "/v1/audit?type=account.created");

        var entry = Assert.Single(items);
        Assert.Equal(1, entry.GetProperty("sequence").GetInt64());
        Assert.Equal("system:", Actor(entry));
        Assert.Equal(AuditHash.Genesis, entry.GetProperty("previousHash").GetString());
        Assert.Equal("Default", Changes(entry).GetProperty("name").GetProperty("after").GetString());
    }

    [Fact]
    public async Task Filters_SelectByTypeActorTargetAndTime_AndPagesWalkTheWholeTrailOnce()
    {
        var tenant = await app.NewAccountAsync();
        var owner = tenant.Owner;
        var early = await app.CreateKeyAsync(by: owner);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var middle = app.Clock.GetUtcNow();
        var late = await app.CreateKeyAsync(by: owner);
        await owner.PatchJsonAsync($"/v1/keys/{late.Id}", new { name = "late-renamed" }).ShouldHaveStatusAsync(200);
        var manager = await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "keys:read" } }, by: owner);
        await app.ClientFor(manager).PostAsync($"/v1/keys/{early.Id}/disable", null).ShouldHaveStatusAsync(200);
        // A second before the later changes: entries keep whole microseconds, so "middle" itself could fall either side.
        var at = Uri.EscapeDataString(middle.AddSeconds(-1).ToString("O"));

        Assert.Equal(3, (await ItemsAsync(owner, "/v1/audit?type=key.created")).Count);
        Assert.Equal(["key.updated", "key.created"], (await ItemsAsync(owner, $"/v1/audit?target={late.Id}")).Select(TypeOf));
        Assert.Equal(["key.disabled"], (await ItemsAsync(owner, $"/v1/audit?actor={manager.Id}")).Select(TypeOf));
        Assert.Equal(["key.created", "password.changed", "login.succeeded", "account.created"], (await ItemsAsync(owner, $"/v1/audit?to={at}")).Select(TypeOf));
        Assert.Equal(["key.disabled", "key.created", "key.updated", "key.created"], (await ItemsAsync(owner, $"/v1/audit?from={at}")).Select(TypeOf));
        Assert.Equal(["key.created"], (await ItemsAsync(owner, $"/v1/audit?from={at}&type=key.created&actor={tenant.OwnerId}&target={late.Id}")).Select(TypeOf));

        var all = (await ItemsAsync(owner, "/v1/audit")).Select(i => i.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal([8L, 7, 6, 5, 4, 3, 2, 1], all);
        var walked = new List<long>();
        string? cursor = null;
        do
        {
            var page = await owner.GetAsync("/v1/audit?limit=3" + (cursor is null ? "" : "&cursor=" + cursor)).JsonAsync();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 3);
            walked.AddRange(items.Select(i => i.GetProperty("sequence").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(all, walked);
    }

    [Theory]
    [InlineData("/v1/audit?type=key.exploded", "type")]
    [InlineData("/v1/audit?limit=101", "limit")]
    [InlineData("/v1/audit?limit=0", "limit")]
    [InlineData("/v1/audit?cursor=not-a-cursor", "cursor")]
    [InlineData("/v1/audit?from=yesterday", "from")]
    [InlineData("/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("/v1/audit/export", "format")]
    [InlineData("/v1/audit/export?format=xml", "format")]
    [InlineData("/v1/audit/export?format=csv&to=soon", "to")]
    public async Task BadFiltersAndFormats_AreInvalidRequests_NamingTheField(string path, string field)
    {
        var problem = await (await app.OwnerAsync()).GetAsync(path).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Exports_StreamTheWholeTrailOldestFirst_AsCsvAndJsonLines()
    {
        var tenant = await app.NewAccountAsync();
        var key = await app.CreateKeyAsync(new { name = "export, \"quoted\"" }, by: tenant.Owner);

        var csv = await tenant.Owner.GetAsync("/v1/audit/export?format=csv");
        await csv.ShouldHaveStatusAsync(200);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("audit.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sequence,occurredAt,type,eventNumber,actorType,actorId,sourceAddress,targetType,targetId,changes,previousHash,hash", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("1,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("4,", lines[4], StringComparison.Ordinal);
        // The changes cell is quoted, its JSON's quotes doubled (RFC 4180).
        Assert.Contains($",key,{key.Id},\"{{\"\"name\"\":{{\"\"before\"\":null,\"\"after\"\":\"\"export, ", lines[4], StringComparison.Ordinal);

        var jsonl = await tenant.Owner.GetAsync("/v1/audit/export?format=jsonl&type=key.created");
        await jsonl.ShouldHaveStatusAsync(200);
        Assert.Equal("application/x-ndjson", jsonl.Content.Headers.ContentType?.MediaType);
        var entry = JsonDocument.Parse(Assert.Single((await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("key.created", TypeOf(entry));
        Assert.Equal("export, \"quoted\"", Changes(entry).GetProperty("name").GetProperty("after").GetString());
    }

    [Fact]
    public async Task AnotherAccountsTrail_IsInvisible()
    {
        var other = await app.NewAccountAsync();
        var theirs = await app.CreateKeyAsync(by: other.Owner);
        var mine = await app.NewAccountAsync();
        var reader = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "audit:read", "keys:manage" } }, by: mine.Owner));
        await reader.PostAsync($"/v1/keys/{theirs.Id}/revoke", null).ShouldBeProblemAsync(404, "not_found");

        foreach (var client in new[] { mine.Owner, reader })
        {
            Assert.Empty(await ItemsAsync(client, $"/v1/audit?target={theirs.Id}"));
            Assert.Empty(await ItemsAsync(client, $"/v1/audit?actor={other.OwnerId}"));
            foreach (var path in new[] { "/v1/audit?limit=100", "/v1/audit/export?format=csv", "/v1/audit/export?format=jsonl" })
            {
                var body = await client.GetStringAsync(path);
                Assert.DoesNotContain(theirs.Id, body, StringComparison.Ordinal);
                Assert.DoesNotContain(other.AccountId, body, StringComparison.Ordinal);
            }
        }
        Assert.Equal(4, (await mine.Owner.GetAsync("/v1/audit/verify").JsonAsync()).GetProperty("entries").GetInt64());
        Assert.Equal(["key.created", "password.changed", "login.succeeded", "account.created"], (await ItemsAsync(other.Owner, "/v1/audit")).Select(TypeOf));
    }

    [Fact]
    public async Task ConcurrentChanges_EachTakeTheirOwnPlace_AndTheChainStillVerifies()
    {
        var tenant = await app.NewAccountAsync();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => app.CreateKeyAsync(new { name = $"concurrent-{i}" }, by: tenant.Owner)));

        var verification = await tenant.Owner.GetAsync("/v1/audit/verify").JsonAsync();

        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(23, verification.GetProperty("entries").GetInt64());
        var sequences = (await ItemsAsync(tenant.Owner, "/v1/audit?limit=100")).Select(i => i.GetProperty("sequence").GetInt64());
        Assert.Equal(Enumerable.Range(1, 23).Reverse().Select(n => (long)n), sequences);
    }

    [Theory]
    [InlineData("edit", """UPDATE "AuditEvents" SET "Changes" = '{"name":{"before":null,"after":"innocent"}}' WHERE "AccountId" = @account AND "Sequence" = @sequence""")]
    [InlineData("redate", """UPDATE "AuditEvents" SET "OccurredAt" = '2000-01-01 00:00:00' WHERE "AccountId" = @account AND "Sequence" = @sequence""")]
    [InlineData("delete", """DELETE FROM "AuditEvents" WHERE "AccountId" = @account AND "Sequence" = @sequence""")]
    public async Task Verify_HoldsForAnUntouchedChain_AndReportsWhereATamperedOneBreaks(string tampering, string sql)
    {
        var tenant = await app.NewAccountAsync();
        var key = await app.CreateKeyAsync(new { name = "tamper-" + tampering }, by: tenant.Owner);
        await tenant.Owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "tamper-" + tampering + "-renamed" }).ShouldHaveStatusAsync(200);
        await tenant.Owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { gracePeriodSeconds = 0 }).ShouldHaveStatusAsync(200);
        var intact = await tenant.Owner.GetAsync("/v1/audit/verify").JsonAsync();
        Assert.Equal("""{"valid":true,"entries":6,"firstBrokenSequence":null}""", intact.GetRawText());

        Assert.Equal(1, await app.TamperAsync(sql, ("@account", tenant.AccountId), ("@sequence", 3L)));

        var broken = await tenant.Owner.GetAsync("/v1/audit/verify").JsonAsync();
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal(3, broken.GetProperty("firstBrokenSequence").GetInt64());
        // Chains are per account: another account's still holds.
        Assert.True((await (await app.OwnerAsync()).GetAsync("/v1/audit/verify").JsonAsync()).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("/v1/audit")]
    [InlineData("/v1/audit/export?format=csv")]
    [InlineData("/v1/audit/verify")]
    public async Task EveryAuditCall_NeedsAuditRead(string path)
    {
        var tenant = await app.NewAccountAsync();
        var without = await app.CreateKeyAsync(new { permissions = new[] { "keys:read", "keys:manage", "usage:read" } }, by: tenant.Owner);
        var with = await app.CreateKeyAsync(new { permissions = new[] { "audit:read" } }, by: tenant.Owner);

        var problem = await app.ClientFor(without).GetAsync(path).ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.Contains("audit:read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await app.Anonymous().GetAsync(path).ShouldBeProblemAsync(401, "missing_credentials");
        await app.ClientFor(with).GetAsync(path).ShouldHaveStatusAsync(200);
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string path) =>
        (await client.GetAsync(path).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private static string? TypeOf(JsonElement entry) => entry.GetProperty("type").GetString();

    private static JsonElement Changes(JsonElement entry) => entry.GetProperty("changes");

    private static string Actor(JsonElement entry) =>
        $"{entry.GetProperty("actorType").GetString()}:{entry.GetProperty("actorId").GetString()}";
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AuditTestsOnPostgres(PostgresKeygateApp app) : AuditTests(app), IClassFixture<PostgresKeygateApp>;
