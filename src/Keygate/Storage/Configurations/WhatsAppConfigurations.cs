using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PassThrough;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class PhoneNumberConfiguration : IEntityTypeConfiguration<PhoneNumber>
{
    public void Configure(EntityTypeBuilder<PhoneNumber> builder)
    {
        builder.Property(p => p.Id).HasMaxLength(32);
        builder.Property(p => p.AccountId).HasMaxLength(40);
        builder.Property(p => p.WabaId).HasMaxLength(32);
        builder.Property(p => p.DisplayNumber).HasMaxLength(32);
        builder.Property(p => p.VerifiedName).HasMaxLength(200);
        builder.Property(p => p.Status).HasMaxLength(32);
        builder.Property(p => p.QualityRating).HasMaxLength(32);
        builder.Property(p => p.MessagingLimitTier).HasMaxLength(32);
        builder.Property(p => p.NameStatus).HasMaxLength(32);
        builder.Property(p => p.QualityEvent).HasMaxLength(32);
        builder.HasIndex(p => p.AccountId);
        builder.HasIndex(p => p.WabaId);
    }
}

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> builder)
    {
        builder.Property(t => t.Id).HasMaxLength(32);
        builder.Property(t => t.WabaId).HasMaxLength(32);
        builder.Property(t => t.Name).HasMaxLength(512);
        builder.Property(t => t.Language).HasMaxLength(15);
        builder.HasIndex(t => new { t.WabaId, t.Name, t.Language }).IsUnique();
    }
}

internal sealed class MetaTemplateConfiguration : IEntityTypeConfiguration<MetaTemplate>
{
    public void Configure(EntityTypeBuilder<MetaTemplate> builder)
    {
        builder.HasKey(t => new { t.AccountId, t.Id });
        builder.Property(t => t.AccountId).HasMaxLength(40);
        builder.Property(t => t.Id).HasMaxLength(32);
        builder.Property(t => t.WabaId).HasMaxLength(32);
        builder.Property(t => t.Name).HasMaxLength(512);
        builder.Property(t => t.Language).HasMaxLength(15);
        builder.Property(t => t.Status).HasMaxLength(32);
        builder.Property(t => t.Category).HasMaxLength(32);
        builder.Property(t => t.Quality).HasMaxLength(32);
        builder.Property(t => t.Reason).HasMaxLength(200);
        builder.HasIndex(t => new { t.AccountId, t.WabaId, t.Name, t.Language });
    }
}

internal sealed class TemplateReadingConfiguration : IEntityTypeConfiguration<TemplateReading>
{
    public void Configure(EntityTypeBuilder<TemplateReading> builder)
    {
        builder.HasKey(r => new { r.AccountId, r.WabaId });
        builder.Property(r => r.AccountId).HasMaxLength(40);
        builder.Property(r => r.WabaId).HasMaxLength(32);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.Property(m => m.Id).HasMaxLength(100);
        builder.Property(m => m.AccountId).HasMaxLength(40);
        builder.Property(m => m.PhoneNumberId).HasMaxLength(32);
        builder.Property(m => m.KeyId).HasMaxLength(40);
        // A wa id, or a group id for a group message sent through Meta.
        builder.Property(m => m.Counterpart).HasMaxLength(128);
        builder.Property(m => m.Type).HasMaxLength(20);
        builder.Ignore(m => m.Envelope);
        builder.HasMany(m => m.Timeline).WithOne().HasForeignKey(c => c.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.AccountId, m.CreatedAt, m.Id });
        // The 24-hour window: the newest inbound message from a customer to a number.
        builder.HasIndex(m => new { m.PhoneNumberId, m.Counterpart, m.Direction, m.CreatedAt });
    }
}

internal sealed class MessageStatusChangeConfiguration : IEntityTypeConfiguration<MessageStatusChange>
{
    // Unique: a status delivered twice (Meta retries webhooks) is one timeline step; the insert relies on it.
    public void Configure(EntityTypeBuilder<MessageStatusChange> builder) => builder.HasIndex(c => new { c.MessageId, c.Status, c.At }).IsUnique();
}

internal sealed class MediaObjectConfiguration : IEntityTypeConfiguration<Keygate.WhatsApp.Media.MediaObject>
{
    public void Configure(EntityTypeBuilder<Keygate.WhatsApp.Media.MediaObject> builder)
    {
        builder.Property(m => m.Id).HasMaxLength(32);
        builder.Property(m => m.AccountId).HasMaxLength(40);
        builder.Property(m => m.MimeType).HasMaxLength(100);
        builder.HasIndex(m => m.AccountId);
    }
}

internal sealed class GraphObjectConfiguration : IEntityTypeConfiguration<GraphObject>
{
    public void Configure(EntityTypeBuilder<GraphObject> builder)
    {
        builder.ToTable("GraphObjects");
        // Per account: two accounts may both reach one object at Meta (a WABA shared with a provider), each with its own token.
        builder.HasKey(o => new { o.AccountId, o.Id });
        builder.Property(o => o.AccountId).HasMaxLength(40);
        builder.Property(o => o.Id).HasMaxLength(32);
        builder.Property(o => o.PhoneNumberId).HasMaxLength(32);
        builder.Property(o => o.WabaId).HasMaxLength(32);
        builder.Property(o => o.DownloadUrl).HasMaxLength(2048);
    }
}
