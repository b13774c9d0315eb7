using Keygate.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.Id).HasMaxLength(40);
        builder.Property(d => d.SubscriptionId).HasMaxLength(40);
        builder.Property(d => d.AccountId).HasMaxLength(40);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.SourceKey).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(200);
        // The log and the queue go with their subscription.
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher's question every second: which pending deliveries are due.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // The delivery log's order: newest first, ties broken by id.
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt, d.Id });
        // A change Meta repeats is queued once per subscription: the forwarder asks, and the index holds between nodes.
        builder.HasIndex(d => new { d.SubscriptionId, d.SourceKey }).IsUnique();
        // Retention removes by age.
        builder.HasIndex(d => d.CreatedAt);
    }
}
