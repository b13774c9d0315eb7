using Keygate.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.Id).HasMaxLength(40);
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.HasIndex(a => a.CreatedAt);
        builder.OwnsMany(a => a.RateLimits, rule => rule.ToJson());
        builder.OwnsMany(a => a.Quotas, rule => rule.ToJson());
    }
}
