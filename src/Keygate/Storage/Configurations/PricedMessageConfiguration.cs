using Keygate.Usage;
using Keygate.WhatsApp.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class PricedMessageConfiguration : IEntityTypeConfiguration<PricedMessage>
{
    public void Configure(EntityTypeBuilder<PricedMessage> builder)
    {
        builder.HasKey(p => p.MessageId);
        builder.Property(p => p.MessageId).HasMaxLength(100);
        builder.Property(p => p.Category).HasMaxLength(20);
        // Goes with its message.
        builder.HasOne<Message>().WithOne().HasForeignKey<PricedMessage>(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
