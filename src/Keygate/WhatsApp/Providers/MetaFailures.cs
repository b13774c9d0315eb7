namespace Keygate.WhatsApp.Providers;

internal static class MetaFailures
{
    /// <summary>Meta never answered (unreachable, timed out, not the caller's cancellation): nothing could be judged.</summary>
    public static bool Unanswered(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>Meta answered that it cannot judge now (down, throttling).</summary>
    public static bool Unavailable(MetaAnswer answer) => answer.Status is >= 500 or 429;
}
