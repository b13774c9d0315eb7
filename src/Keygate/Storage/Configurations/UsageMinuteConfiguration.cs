using Keygate.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class UsageMinuteConfiguration : IEntityTypeConfiguration<UsageMinute>
{
    public void Configure(EntityTypeBuilder<UsageMinute> builder)
    {
        builder.HasKey(u => new { u.KeyId, u.Minute, u.Group, u.Outcome });
        builder.Property(u => u.KeyId).HasMaxLength(40);
        builder.Property(u => u.AccountId).HasMaxLength(40);
        builder.Property(u => u.Group).HasMaxLength(40);
        builder.Property(u => u.Outcome).HasMaxLength(20);
        // Account-wide reports read by account and time.
        builder.HasIndex(u => new { u.AccountId, u.Minute });
        // Retention finds and rolls up old rows by time alone; without this it would scan the whole table every hour.
        builder.HasIndex(u => u.Minute);
    }
}
