using Keygate.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Moving the app's fake clock and awaiting the background passes the move starts, so that a test asserts once that
/// work is done, never after a guess at how long it takes.
/// </summary>
internal static class ClockIntents
{
    /// <summary>How long a pass may take before the test fails: far more than any pass needs, even on a busy machine.</summary>
    private static readonly TimeSpan PassTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Moves the clock by <paramref name="by"/> (at least the service's interval) and awaits the pass of <typeparamref name="TService"/> that the move starts.</summary>
    public static Task AdvanceThroughAPassAsync<TService>(this KeygateApp app, TimeSpan by) where TService : PeriodicService =>
        app.AdvanceThroughPassesAsync(by, typeof(TService));

    /// <summary>Moves the clock by <paramref name="by"/> (at least each service's interval) and awaits the pass of each of <paramref name="services"/> that the move starts.</summary>
    public static async Task AdvanceThroughPassesAsync(this KeygateApp app, TimeSpan by, params Type[] services)
    {
        var running = app.Services.GetServices<IHostedService>().OfType<PeriodicService>().ToList();
        var passes = services.Select(type => running.Single(type.IsInstanceOfType).NextPassAsync()).ToList();
        app.Clock.Advance(by);
        await Task.WhenAll(passes).WaitAsync(PassTimeout, TestContext.Current.CancellationToken);
    }
}
