namespace Keygate.Webhooks;

/// <summary>A subscription as its caller may see it, with the ETag of that version: what a lifecycle operation answers.</summary>
internal sealed record WebhookVersion(WebhookResponse Subscription, string ETag)
{
    /// <summary><paramref name="secret"/> is given by a create or a rotation only: the one time the secret is shown.</summary>
    public static WebhookVersion Of(WebhookSubscription subscription, string? secret = null) => new(subscription.ToResponse(secret), subscription.ETag);
}
