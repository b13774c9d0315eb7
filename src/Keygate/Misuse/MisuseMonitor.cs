using System.Threading.Channels;
using Keygate.Authentication;
using Keygate.Coordination;
using Keygate.Usage;
using Microsoft.Extensions.Options;

namespace Keygate.Misuse;

/// <summary>
/// Watches every answered key request for misuse and hands suspicions to <see cref="AlertWriter"/>
/// through a queue, so the request path never waits for an alert to be stored. What it remembers of each key,
/// the guessing lock included, is <see cref="IMisuseState"/>'s.
/// </summary>
internal sealed class MisuseMonitor(IMisuseState state, IOptions<MisuseOptions> options) : IKeyRequestObserver
{
    private readonly Channel<AlertDraft> _alerts = Channel.CreateBounded<AlertDraft>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly MisuseOptions _options = options.Value;

    public ChannelReader<AlertDraft> Alerts => _alerts.Reader;

    public void Observe(in KeyRequest request)
    {
        var (fanOut, use, canary, spike, network, refusals) = state.Update(request.Key.Id, (request, _options), static (activity, observed) =>
        {
            var (request, options) = observed;
            var failure = request.Failure;
            AlertDraft? fanOut = null, use = null, canary = null, spike = null, network = null, refusals = null;
            if (request.Send is { } send)
            {
                fanOut = Detectors.RecipientFanOut(activity, request.Key, send.Recipient, request.At, options.RecipientFanOut);
            }
            if (failure is { SecretMatched: false })
            {
                // A wrong secret; a request refused by the guessing lock itself does not extend the lock.
                use = failure == AuthenticationFailure.Invalid ? Detectors.SecretGuessing(activity, request, options.SecretGuessing) : null;
            }
            else
            {
                use = failure == AuthenticationFailure.Revoked ? Detectors.Once(activity, request, AlertKind.RevokedKeyUse, AlertSeverity.Medium)
                    : failure == AuthenticationFailure.Expired ? Detectors.Once(activity, request, AlertKind.ExpiredKeyUse, AlertSeverity.Medium)
                    : null;
                canary = request.Key.IsCanary ? Detectors.Once(activity, request, AlertKind.CanaryUse, AlertSeverity.High) : null;
                if (failure is null)
                {
                    spike = Detectors.VolumeSpike(activity, request, options.VolumeSpike);
                    network = Detectors.NewNetwork(activity, request, options.NewNetwork);
                    refusals = Detectors.SustainedRefusals(activity, request, options.SustainedRefusals);
                }
            }
            return (fanOut, use, canary, spike, network, refusals);
        });
        Raise(fanOut);
        Raise(use);
        Raise(canary);
        Raise(spike);
        Raise(network);
        Raise(refusals);
    }

    private void Raise(AlertDraft? draft)
    {
        if (draft is not null)
        {
            _alerts.Writer.TryWrite(draft);
        }
    }
}
