using Keygate.Accounts;
using Keygate.WhatsApp.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(40);
        builder.Property(c => c.WaId).HasMaxLength(ContactNumber.MaxDigits);
        builder.Property(c => c.Name).HasMaxLength(ContactFields.MaxNameLength);
        builder.Property(c => c.OptInSource).HasMaxLength(ContactFields.MaxOptInSourceLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.ETag);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);

        // One contact per number and account: what makes an inbound message land on the right contact.
        builder.HasIndex(c => new { c.AccountId, c.WaId }).IsUnique();
        // The list's order: newest first, ties broken by id.
        builder.HasIndex(c => new { c.AccountId, c.CreatedAt, c.Id });

        builder.OwnsMany(c => c.Tags, tag =>
        {
            tag.ToTable("ContactTags");
            tag.WithOwner().HasForeignKey("ContactId");
            tag.HasKey("ContactId", nameof(ContactTag.Name));
            tag.Property(t => t.Name).HasMaxLength(ContactFields.MaxTagLength);
            // The tag filter looks contacts up by tag.
            tag.HasIndex(nameof(ContactTag.Name));
        });
    }
}
