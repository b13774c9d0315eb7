using Keygate.Limits;

namespace Keygate.IntegrationTests.CredentialPath;

/// <summary>
/// A credential's path only moves forward: counted through the seams Keygate registers (the verifier, the limiter's
/// charge, the observers of usage and misuse), a request is verified, charged and observed once, a send is charged
/// once for its request and once for its message and metered once, and <c>POST /v1/keys/verify</c> charges and
/// observes the key it checked once. Each count is exact, so a second path doing the same again shows as a 2; the
/// allowances and usage the host reports check the same from the outside, where a path around the seams would show.
/// </summary>
public class CredentialPathTests
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private readonly CountingSeams _seams = new();

    [Fact]
    public async Task OneAuthenticatedRequest_IsVerifiedOnce_ChargedOnce_AndObservedOnce()
    {
        await using var app = _seams.Host(Store);
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "per-minute", limit = 10, periodSeconds = 60 } } });

        var response = await app.ClientFor(key).GetAsync("/v1/whoami");
        await response.ShouldHaveStatusAsync(200);
        await _seams.ObservedAsync(key.Id);

        Assert.Equal(1, _seams.Verifications(key.Id));
        Assert.Equal([Charge.OneRequest], _seams.Charges(key.Id));
        var observed = Assert.Single(_seams.Observations(key.Id));
        Assert.Equal("ok", observed.Outcome);
        Assert.Null(observed.Send);
        Assert.Equal("9", response.Headers.GetValues("RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task AKeysRequest_IsJudgedByKeygateAlone_NotAgainByAnAspNetCoreAuthenticationHandler()
    {
        await using var app = _seams.Host(Store);
        var key = await app.CreateKeyAsync();
        var asked = _seams.HandlersAsked;

        await app.ClientFor(key).GetAsync("/v1/ping").ShouldHaveStatusAsync(200);
        await _seams.ObservedAsync(key.Id);

        Assert.Equal(1, _seams.Verifications(key.Id));
        Assert.Equal(asked, _seams.HandlersAsked);
        await app.Anonymous().GetAsync("/v1/ping").ShouldBeProblemAsync(401, "missing_credentials"); // a refusal still asks the scheme
        Assert.True(_seams.HandlersAsked > asked);
    }

    [Fact]
    public async Task AKeyHoldingTheEndpointsPermission_IsLetThroughWithoutPolicyEvaluation_ALackingOneIsRefusedByIt()
    {
        await using var app = _seams.Host(Store);
        var holder = await app.CreateKeyAsync(new { permissions = new[] { "keys:read" } });
        var lacking = await app.CreateKeyAsync();
        var evaluated = _seams.PoliciesEvaluated;

        await app.ClientFor(holder).GetAsync("/v1/keys").ShouldHaveStatusAsync(200);
        await app.ClientFor(holder).GetAsync("/v1/ping").ShouldHaveStatusAsync(200);
        Assert.Equal(evaluated, _seams.PoliciesEvaluated);

        await app.ClientFor(lacking).GetAsync("/v1/keys").ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.True(_seams.PoliciesEvaluated > evaluated);
    }

    [Fact]
    public async Task OneSandboxSend_IsChargedOnceForTheRequestAndOnceForTheMessage_AndMeteredOnce()
    {
        await using var app = _seams.Host(Store);
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync(new
        {
            permissions = new[] { "messages:send" },
            quotas = new[] { new { metric = "requests", limit = 10, period = "day" }, new { metric = "messages", limit = 10, period = "day" } },
        });
        var sandbox = await Sandbox.OfAsync(owner);

        await app.ClientFor(key).PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld()).ShouldHaveStatusAsync(200);
        await _seams.ObservedAsync(key.Id);

        Assert.Equal(1, _seams.Verifications(key.Id));
        Assert.Equal([Charge.OneRequest, new Charge(0, 1, "utility")], _seams.Charges(key.Id));
        var observed = Assert.Single(_seams.Observations(key.Id));
        Assert.Equal((Sandbox.Customer, "template"), (observed.Send?.Recipient, observed.Send?.AcceptedType));
        Assert.Empty(_seams.AcceptedLater(key.Id));

        var allowances = await owner.GetAsync($"/v1/keys/{key.Id}/allowances").JsonAsync();
        Assert.Equal(9, Remaining(allowances, "requests-per-day"));
        Assert.Equal(9, Remaining(allowances, "messages-per-day"));
        await app.FlushUsageAsync();
        var usage = await owner.GetAsync($"/v1/keys/{key.Id}/usage?granularity=day").JsonAsync();
        Assert.Equal(1, usage.GetProperty("series").EnumerateArray()
            .Where(p => p.GetProperty("group").GetString() == "message:template").Sum(p => p.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task OneVerifyCall_VerifiesChargesAndObservesTheCheckedKeyOnce()
    {
        await using var app = _seams.Host(Store);
        var checker = await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } });
        var target = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 10, period = "day" } } });

        var answer = await app.ClientFor(checker).PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, cost = 3 }).JsonAsync();
        Assert.True(answer.GetProperty("valid").GetBoolean());
        await _seams.ObservedAsync(checker.Id);

        Assert.Equal(1, _seams.Verifications(checker.Id));
        Assert.Equal([Charge.OneRequest], _seams.Charges(checker.Id));
        Assert.Single(_seams.Observations(checker.Id));
        Assert.Equal(1, _seams.Verifications(target.Id));
        Assert.Equal([new Charge(3, 0)], _seams.Charges(target.Id));
        var observed = Assert.Single(_seams.Observations(target.Id));
        Assert.Equal(("verify", "ok"), (observed.Group, observed.Outcome));

        var allowances = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{target.Id}/allowances").JsonAsync();
        Assert.Equal(7, Remaining(allowances, "requests-per-day"));
    }

    private static long Remaining(JsonElement allowances, string name) =>
        allowances.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name).GetProperty("remaining").GetInt64();
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CredentialPathTestsOnPostgres : CredentialPathTests
{
    protected override Store Store => Store.PostgreSql;
}
