using Keygate.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        // No foreign key to Accounts: the system chain has no account row.
        builder.Property(e => e.AccountId).HasMaxLength(40);
        builder.Property(e => e.ActorId).HasMaxLength(64);
        builder.Property(e => e.TargetId).HasMaxLength(64);
        builder.Property(e => e.SourceAddress).HasMaxLength(64);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);

        // One entry per place in a chain: a second appender that somehow skipped the head would fail here.
        builder.HasIndex(e => new { e.AccountId, e.Sequence }).IsUnique();
        builder.HasIndex(e => new { e.AccountId, e.TargetId });
        builder.HasIndex(e => new { e.AccountId, e.ActorId });
    }
}
