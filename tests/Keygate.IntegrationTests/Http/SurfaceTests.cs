namespace Keygate.IntegrationTests.Http;

/// <summary>
/// A request that reaches no endpoint (no route matches, or none takes its method) is still answered in the terms of
/// the surface whose paths it is under: the API's body cap and problem documents under <c>/v1</c>, the dashboard's body
/// cap and HTML status pages under <c>/dashboard</c>. (Under <c>/{version}</c> every path has an endpoint: CloudApiEnvelopeTests.)
/// </summary>
public sealed class SurfaceTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private static readonly string OverTheCap = new('x', 100 * 1024);

    [Fact]
    public async Task AnOversizedBody_ToAnUnknownApiCall_Is413_AsOnAKnownOne()
    {
        await app.Anonymous().PostAsync("/v1/no-such-call", new StringContent(OverTheCap)).ShouldBeProblemAsync(413, "invalid_request");
    }

    [Fact]
    public async Task AMethodAnApiCallDoesNotTake_Is405_AndItsOversizedBody413()
    {
        await app.Anonymous().PutAsync("/v1/permissions", new StringContent("{}")).ShouldBeProblemAsync(405, "invalid_request");
        await app.Anonymous().PutAsync("/v1/permissions", new StringContent(OverTheCap)).ShouldBeProblemAsync(413, "invalid_request");
    }

    [Fact]
    public async Task AnOversizedForm_ToAnUnknownDashboardPage_Is413()
    {
        await app.Anonymous().PostAsync("/dashboard/no-such-page", new StringContent(OverTheCap)).ShouldHaveStatusAsync(413);
    }

    [Fact]
    public async Task AnUnknownApiRoute_OrAMethodItDoesNotTake_IsAProblemDocument()
    {
        // Routing answers these with a bare status; Keygate's own middleware gives them their problem document.
        await app.Anonymous().GetAsync("/v1/no-such-call").ShouldBeProblemAsync(404, "not_found");
        await app.Anonymous().DeleteAsync("/v1/ping").ShouldBeProblemAsync(405, "invalid_request");
    }

    [Fact]
    public async Task ASessionPost_ToAnUnknownDashboardPage_IsTheHtmlStatusPage_NotACrossSiteRefusal()
    {
        var session = app.Anonymous();
        session.DefaultRequestHeaders.Add("Cookie", await app.SessionCookieAsync(KeygateApp.AdminEmail, KeygateApp.AdminPassword));

        var response = await session.PostAsync("/dashboard/no-such-page", new StringContent("a=b"));

        await response.ShouldHaveStatusAsync(404);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }
}
