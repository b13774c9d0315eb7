using Keygate.Accounts;
using Keygate.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Id).HasMaxLength(KeyFormat.KeyLength);
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.SecretHint).HasMaxLength(4);
        builder.Property(k => k.Version).IsConcurrencyToken();
        builder.Ignore(k => k.ETag);
        builder.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);

        // Names are unique per account among keys still in use; a revoked key's name may be reused.
        builder.HasIndex(k => new { k.AccountId, k.Name }).IsUnique().HasFilter("\"Status\" <> 3");
        // The list's order: newest first, ties broken by id.
        builder.HasIndex(k => new { k.AccountId, k.CreatedAt, k.Id });

        builder.OwnsMany(k => k.RateLimits, rule => rule.ToJson());
        builder.OwnsMany(k => k.Quotas, rule => rule.ToJson());
        builder.OwnsMany(k => k.Labels, label =>
        {
            label.ToTable("KeyLabels");
            label.WithOwner().HasForeignKey("KeyId");
            label.HasKey("KeyId", nameof(KeyLabel.Name));
            label.Property(l => l.Name).HasMaxLength(32);
            label.Property(l => l.Value).HasMaxLength(64);
            label.HasIndex(nameof(KeyLabel.Name), nameof(KeyLabel.Value));
        });
    }
}
