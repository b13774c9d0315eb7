namespace Keygate.Hosting;

/// <summary>
/// Work that runs every <see cref="Interval"/> of the injected clock (so tests move it with a fake one) until the host
/// stops. A pass that throws is reported and the next pass tries again: one bad pass never ends the loop.
/// </summary>
internal abstract class PeriodicService(TimeProvider time) : BackgroundService
{
    /// <summary>The clock the passes are timed by, for the work to read "now" from too.</summary>
    protected TimeProvider Time { get; } = time;

    private TaskCompletionSource _nextPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PeriodicTimer? _timer;

    protected abstract TimeSpan Interval { get; }

    /// <summary>
    /// Completes when a pass that starts after this call has finished, so a test that moves the clock awaits the work
    /// itself rather than a guess at how long it takes.
    /// </summary>
    public Task NextPassAsync() => Volatile.Read(ref _nextPass).Task;

    /// <summary>Whether the first pass runs at start-up rather than one interval later.</summary>
    protected virtual bool RunsAtStart => false;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Reports a failed pass (through the service's own logger message).</summary>
    protected abstract void ReportFailure(Exception exception);

    /// <summary>
    /// Starts the timer before the host has started, not on <see cref="ExecuteAsync"/>'s own thread: a clock moved once
    /// the host is up always finds the timer there to move (a test moving a fake clock relies on it).
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(Interval, Time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer!;
        try
        {
            if (RunsAtStart)
            {
                await PassAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PassAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PassAsync(CancellationToken stoppingToken)
    {
        var waiting = Interlocked.Exchange(ref _nextPass, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await RunOnceAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ReportFailure(exception);
        }
        finally
        {
            waiting.TrySetResult();
        }
    }
}
