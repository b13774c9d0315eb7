namespace Keygate.IntegrationTests.Nodes;

/// <summary>A request-signing nonce is accepted once by all three nodes together: a signed request replayed to another node is refused.</summary>
public sealed class SigningAcrossNodesTests(ThreeNodes nodes) : IClassFixture<ThreeNodes>
{
    [Fact]
    public async Task ANonceUsedOnNodeA_IsRefusedOnNodesBAndC()
    {
        var key = await nodes.A.CreateKeyAsync(new { signing = "allowed" });
        var now = nodes.A.Clock.GetUtcNow().ToUnixTimeSeconds();
        var nonce = "nonce-" + Guid.NewGuid().ToString("N");
        HttpRequestMessage Signed() => RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, now, nonce);

        await nodes.A.Anonymous().SendAsync(Signed()).ShouldHaveStatusAsync(200);

        foreach (var node in new[] { nodes.B, nodes.C })
        {
            var replay = await node.Anonymous().SendAsync(Signed()).ShouldBeProblemAsync(401, "invalid_credentials");
            Assert.Contains("nonce", replay.GetProperty("detail").GetString());
        }
        // The same request with a fresh nonce is admitted there: only the used nonce is refused.
        await nodes.B.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, now)).ShouldHaveStatusAsync(200);
    }
}
