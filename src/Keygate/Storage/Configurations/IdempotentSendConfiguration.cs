using Keygate.WhatsApp.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class IdempotentSendConfiguration : IEntityTypeConfiguration<IdempotentSend>
{
    public void Configure(EntityTypeBuilder<IdempotentSend> builder)
    {
        // The claim is an insert that this key turns away when the key was used before.
        builder.HasKey(s => new { s.Scope, s.Key });
        builder.Property(s => s.Scope).HasMaxLength(48);
        builder.Property(s => s.Key).HasMaxLength(IdempotentSends.MaxKeyLength);
        builder.Property(s => s.RequestHash).HasMaxLength(64);
        // Expired keys are removed by age.
        builder.HasIndex(s => s.ExpiresAt);
    }
}
