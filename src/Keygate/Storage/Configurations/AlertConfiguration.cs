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
        // Listing a key's alerts, open or resolved.
        builder.HasIndex(a => new { a.KeyId, a.Kind, a.ResolvedAt });
        // One open alert per key and kind, whichever node stores it: nodes that see the same misuse at once each look for the
        // open alert, find none and insert; this refuses all but the first, and the others then update it (AlertWriter).
        // The writer's lookup of the open alert for every suspicion reads it too.
        builder.HasIndex(a => new { a.KeyId, a.Kind }).IsUnique().HasFilter("\"ResolvedAt\" IS NULL");
    }
}
