using Keygate.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class AuditChainConfiguration : IEntityTypeConfiguration<AuditChain>
{
    public void Configure(EntityTypeBuilder<AuditChain> builder)
    {
        builder.HasKey(c => c.AccountId);
        builder.Property(c => c.AccountId).HasMaxLength(40);
        builder.Property(c => c.LastHash).HasMaxLength(64);
    }
}
