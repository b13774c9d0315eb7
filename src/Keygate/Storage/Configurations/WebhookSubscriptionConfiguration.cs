using Keygate.Accounts;
using Keygate.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(40);
        builder.Property(s => s.AccountId).HasMaxLength(40);
        builder.Property(s => s.Url).HasMaxLength(WebhookFields.MaxUrlLength);
        builder.Property(s => s.Description).HasMaxLength(WebhookFields.MaxDescriptionLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.ETag);
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        // The list's order (newest first, ties broken by id); publishing reads an account's subscriptions by its prefix.
        builder.HasIndex(s => new { s.AccountId, s.CreatedAt, s.Id });
    }
}
