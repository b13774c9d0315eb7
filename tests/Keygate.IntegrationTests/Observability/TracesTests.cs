using System.Text;

namespace Keygate.IntegrationTests.Observability;

/// <summary>
/// With a collector named (<c>Observability:Otlp:Endpoint</c>), requests leave as OTLP spans that carry route templates,
/// never the ids in paths, query strings (where a misplaced secret could sit) or credentials.
/// </summary>
public sealed class TracesTests
{
    [Fact]
    public async Task WithACollector_RequestsAreTracedByRoute_WithoutIdsQueriesOrSecrets()
    {
        await using var collector = await WebhookReceiver.StartAtAsync("/v1/traces");
        var app = KeygateApp.With(("Observability:Otlp:Endpoint", collector.Origin));
        CreatedKey key;
        try
        {
            key = await app.CreateKeyAsync();
            await (await app.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}").ShouldHaveStatusAsync(200);
            await app.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            await app.Anonymous().GetAsync($"/v1/whoami?api_key={key.Id}.{key.Secret}").ShouldHaveStatusAsync(400);
        }
        finally
        {
            await app.DisposeAsync(); // a host that stops exports the spans it still holds
        }

        await collector.WaitForAsync(_ => true);
        // OTLP's protobuf keeps strings as UTF-8 bytes, so what a span says can be searched in the bodies as they came.
        var exported = string.Join('\n', collector.Received.Select(request => Encoding.UTF8.GetString(request.Body)));
        Assert.Contains("/v1/keys/{id}", exported, StringComparison.Ordinal);
        Assert.Contains("/v1/whoami", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Id, exported, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, exported, StringComparison.Ordinal);
        Assert.DoesNotContain("api_key", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", exported, StringComparison.Ordinal);
    }
}
