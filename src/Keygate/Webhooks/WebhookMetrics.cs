using System.Diagnostics.Metrics;
using Keygate.Hosting;

namespace Keygate.Webhooks;

/// <summary>Delivery attempts by what became of the delivery: <c>delivered</c>, <c>retrying</c> or <c>failed</c> (given up).</summary>
internal sealed class WebhookMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _attempts = meters.Create(KeygateMeter.Name)
        .CreateCounter<long>("keygate.webhook.attempts", "{attempt}", "Webhook delivery attempts, by what became of the delivery");

    public void Attempted(DeliveryStatus status) => _attempts.Add(1, new KeyValuePair<string, object?>("result", status switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Failed => "failed",
        _ => "retrying",
    }));
}
