using Keygate.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.Infrastructure;

public static class UsageIntents
{
    /// <summary>Writes what usage has counted so far, as the writer does every few seconds, and waits until it is stored.</summary>
    public static Task FlushUsageAsync(this KeygateApp app) =>
        app.Services.GetRequiredService<UsageWriter>().FlushAsync(TestContext.Current.CancellationToken);
}
