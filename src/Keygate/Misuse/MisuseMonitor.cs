using System.Collections.Concurrent;
using System.Threading.Channels;
using Keygate.Authentication;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.Extensions.Options;

namespace Keygate.Misuse;

/// <summary>
/// Watches every answered key request for misuse and hands suspicions to <see cref="AlertWriter"/>
/// through a queue, so the request path never waits for an alert to be stored. Also keeps the guessing
/// lock that authentication consults.
/// </summary>
internal sealed class MisuseMonitor(IOptions<MisuseOptions> options, TimeProvider time) : IKeyRequestObserver
{
    private readonly ConcurrentDictionary<string, KeyActivity> _keys = new(StringComparer.Ordinal);
    private readonly Channel<AlertDraft> _alerts = Channel.CreateBounded<AlertDraft>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly MisuseOptions _options = options.Value;

    public ChannelReader<AlertDraft> Alerts => _alerts.Reader;

    /// <summary>How long wrong secrets for this key are still refused outright (zero when they are not).</summary>
    public TimeSpan GuessingLock(string keyId)
    {
        if (!_keys.TryGetValue(keyId, out var activity))
        {
            return TimeSpan.Zero;
        }
        lock (activity)
        {
            var left = activity.GuessingLockedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public void Observe(in KeyRequest request)
    {
        var activity = _keys.GetOrAdd(request.Key.Id, static _ => new KeyActivity());
        var failure = request.Failure;
        AlertDraft? use = null, canary = null, spike = null, network = null, refusals = null;
        lock (activity)
        {
            if (failure is { SecretMatched: false })
            {
                // A wrong secret; a request refused by the guessing lock itself does not extend the lock.
                use = failure == AuthenticationFailure.Invalid ? Detectors.SecretGuessing(activity, request, _options.SecretGuessing) : null;
            }
            else
            {
                use = failure == AuthenticationFailure.Revoked ? Detectors.Once(activity, request, AlertKind.RevokedKeyUse, AlertSeverity.Medium)
                    : failure == AuthenticationFailure.Expired ? Detectors.Once(activity, request, AlertKind.ExpiredKeyUse, AlertSeverity.Medium)
                    : null;
                canary = request.Key.IsCanary ? Detectors.Once(activity, request, AlertKind.CanaryUse, AlertSeverity.High) : null;
                if (failure is null)
                {
                    spike = Detectors.VolumeSpike(activity, request, _options.VolumeSpike);
                    network = Detectors.NewNetwork(activity, request, _options.NewNetwork);
                    refusals = Detectors.SustainedRefusals(activity, request, _options.SustainedRefusals);
                }
            }
        }
        Raise(use);
        Raise(canary);
        Raise(spike);
        Raise(network);
        Raise(refusals);
    }

    /// <summary>A message a key sent, for the recipient fan-out detector.</summary>
    public void ObserveSend(KeySnapshot key, string recipient)
    {
        var activity = _keys.GetOrAdd(key.Id, static _ => new KeyActivity());
        AlertDraft? fanOut;
        lock (activity)
        {
            fanOut = Detectors.RecipientFanOut(activity, key, recipient, time.GetUtcNow(), _options.RecipientFanOut);
        }
        Raise(fanOut);
    }

    private void Raise(AlertDraft? draft)
    {
        if (draft is not null)
        {
            _alerts.Writer.TryWrite(draft);
        }
    }
}
