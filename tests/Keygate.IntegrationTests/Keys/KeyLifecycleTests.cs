namespace Keygate.IntegrationTests;

public class KeyLifecycleTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task Lifecycle_CreateCallEditRotateRevoke_WorksEndToEnd()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync(new { name = "crm-prod", permissions = new[] { "messages:send", "keys:read" }, labels = new { team = "billing" } });
        Assert.StartsWith("kg_live_", key.Id);
        Assert.StartsWith("kgs_live_", key.Secret);
        Assert.Equal(key.Secret[^4..], key.Json.GetProperty("secretHint").GetString());

        var whoami = await app.ClientFor(key).GetAsync("/v1/whoami").JsonAsync();
        Assert.Equal(key.Id, whoami.GetProperty("keyId").GetString());
        Assert.Equal(["messages:send", "keys:read"], whoami.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        var get = await owner.GetAsync($"/v1/keys/{key.Id}");
        var etag = get.Headers.ETag!.Tag;
        var fetched = await get.JsonAsync();
        Assert.False(fetched.TryGetProperty("apiSecret", out _));
        Assert.Equal("active", fetched.GetProperty("status").GetString());

        var edited = await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "crm-production", permissions = new[] { "keys:read" } }, etag).JsonAsync();
        Assert.Equal("crm-production", edited.GetProperty("name").GetString());
        var narrowed = await app.ClientFor(key).GetAsync("/v1/whoami").JsonAsync();
        Assert.Equal(["keys:read"], narrowed.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        var rotated = await owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { gracePeriodSeconds = 3600 }).JsonAsync();
        var newSecret = rotated.GetProperty("apiSecret").GetString()!;
        Assert.NotEqual(key.Secret, newSecret);
        Assert.NotEqual(JsonValueKind.Null, rotated.GetProperty("previousSecretExpiresAt").ValueKind);
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await app.ClientFor(key.Id, newSecret).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        await owner.PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
        await app.ClientFor(key.Id, newSecret).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_revoked");
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
    }

    [Fact]
    public async Task Patch_WithStaleIfMatch_IsRefusedWith412AndChangesNothing()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync(new { name = "stale-edit" });
        var etag = (await owner.GetAsync($"/v1/keys/{key.Id}")).Headers.ETag!.Tag;
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "first-edit" }, etag).ShouldHaveStatusAsync(200);

        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "second-edit" }, etag).ShouldBeProblemAsync(412, "precondition_failed");
        var current = await owner.GetAsync($"/v1/keys/{key.Id}").JsonAsync();
        Assert.Equal("first-edit", current.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Patch_EnvironmentCannotChange_AndMergesLabelsAndMetadata()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync(new { name = "merge-me", labels = new { team = "billing", application = "crm" }, metadata = new { owner = "ana", nested = new { a = 1, b = 2 } } });

        var refused = await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { environment = "staging" }).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(refused.GetProperty("errors").TryGetProperty("environment", out _));

        var patch = JsonDocument.Parse("""{"labels": {"application": null, "env": "blue"}, "metadata": {"nested": {"a": null, "c": 3}}}""").RootElement;
        var edited = await owner.PatchJsonAsync($"/v1/keys/{key.Id}", patch).JsonAsync();
        Assert.Equal("""{"env":"blue","team":"billing"}""", edited.GetProperty("labels").GetRawText());
        Assert.Equal("""{"owner":"ana","nested":{"b":2,"c":3}}""", edited.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Create_DuplicateName_IsConflict_ButARevokedKeysNameMayBeReused()
    {
        var owner = await app.OwnerAsync();
        var first = await app.CreateKeyAsync(new { name = "shared-name" });
        await owner.PostAsJsonAsync("/v1/keys", new { name = "shared-name", environment = "staging" }).ShouldBeProblemAsync(409, "conflict");

        await owner.PostAsync($"/v1/keys/{first.Id}/revoke", null).ShouldHaveStatusAsync(200);
        var reused = await app.CreateKeyAsync(new { name = "shared-name", environment = "development" });
        Assert.StartsWith("kg_test_", reused.Id);
        Assert.StartsWith("kgs_test_", reused.Secret);
    }

    [Fact]
    public async Task DisableEnableRevoke_ChangeStatus_AndRevocationIsFinal()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync();
        var client = app.ClientFor(key);

        await owner.PostAsync($"/v1/keys/{key.Id}/disable", null).ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_disabled");
        await owner.PostAsync($"/v1/keys/{key.Id}/enable", null).ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        await owner.PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
        await owner.PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
        await owner.PostAsync($"/v1/keys/{key.Id}/enable", null).ShouldBeProblemAsync(409, "conflict");
        await owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { }).ShouldBeProblemAsync(409, "conflict");
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "back-from-the-dead" }).ShouldBeProblemAsync(409, "conflict");
        var listed = await owner.GetAsync("/v1/keys?status=revoked").JsonAsync();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == key.Id);
    }

    [Fact]
    public async Task List_FiltersAndPagesWithACursor()
    {
        var owner = await app.OwnerAsync();
        var label = "team:paging" + Guid.NewGuid().ToString("N")[..6];
        var team = label.Split(':')[1];
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await app.CreateKeyAsync(new { name = $"page-{team}-{i}", environment = i % 2 == 0 ? "staging" : "production", labels = new { team } })).Id);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await owner.GetAsync($"/v1/keys?label={label}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}")).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(created.AsEnumerable().Reverse(), seen);

        var staging = await owner.GetAsync($"/v1/keys?label={label}&environment=staging").JsonAsync();
        Assert.Equal(3, staging.GetProperty("items").GetArrayLength());
        var byName = await owner.GetAsync($"/v1/keys?q=page-{team}-3").JsonAsync();
        Assert.Equal(created[3], byName.GetProperty("items")[0].GetProperty("id").GetString());
        var byPrefix = await owner.GetAsync($"/v1/keys?q={created[1][..20]}").JsonAsync();
        Assert.Contains(byPrefix.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == created[1]);
    }

    [Fact]
    public async Task Verify_AnswersForKeysOfTheCallersAccountOnly()
    {
        var checker = await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } });
        var target = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        var client = app.ClientFor(checker);

        var valid = await client.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, permissions = new[] { "messages:send" } }).JsonAsync();
        Assert.True(valid.GetProperty("valid").GetBoolean());
        var lacking = await client.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, permissions = new[] { "keys:manage" } }).JsonAsync();
        Assert.Equal("insufficient_permissions", lacking.GetProperty("code").GetString());
        var wrong = await client.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = checker.Secret }).JsonAsync();
        Assert.False(wrong.GetProperty("valid").GetBoolean());
        Assert.Equal("invalid_credentials", wrong.GetProperty("code").GetString());

        var otherOwner = await app.NewAccountOwnerAsync();
        var foreign = await app.CreateKeyAsync(by: otherOwner);
        var hidden = await client.PostAsJsonAsync("/v1/keys/verify", new { apiKey = foreign.Id, apiSecret = foreign.Secret }).JsonAsync();
        Assert.Equal("invalid_credentials", hidden.GetProperty("code").GetString());

        await app.ClientFor(target).PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
    }

    [Fact]
    public async Task Permissions_CatalogueListsEveryPermissionWithADescription()
    {
        var key = await app.CreateKeyAsync();
        var catalogue = await app.ClientFor(key).GetAsync("/v1/permissions").JsonAsync();
        var names = catalogue.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(24, names.Count);
        Assert.Contains("phone-numbers:manage", names);
        Assert.Contains("messages:send-template", names);
        Assert.Contains("messages:send-utility-template", names);
        Assert.All(catalogue.EnumerateArray(), p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString())));
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class KeyLifecycleTestsOnPostgres(PostgresKeygateApp app) : KeyLifecycleTests(app), IClassFixture<PostgresKeygateApp>;
