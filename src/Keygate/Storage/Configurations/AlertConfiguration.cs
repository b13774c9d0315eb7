using Keygate.Misuse;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.Property(a => a.Id).HasMaxLength(40);
        builder.Property(a => a.AccountId).HasMaxLength(40);
        builder.Property(a => a.KeyId).HasMaxLength(40);
        builder.Property(a => a.ResolvedBy).HasMaxLength(40);
        builder.HasIndex(a => new { a.AccountId, a.CreatedAt, a.Id });
        // The writer looks up the open alert of a key and kind for every suspicion.
        builder.HasIndex(a => new { a.KeyId, a.Kind, a.ResolvedAt });
    }
}
