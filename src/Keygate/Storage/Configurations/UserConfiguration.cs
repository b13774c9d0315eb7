using Keygate.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.Id).HasMaxLength(40);
        builder.Property(u => u.Email).HasMaxLength(254);
        // One login per e-mail in each account, not across accounts: a global index would let any account learn, by
        // a refused invitation, that an e-mail uses this installation. Login looks users up by e-mail alone.
        builder.HasIndex(u => new { u.AccountId, u.Email }).IsUnique();
        builder.HasIndex(u => u.Email);
        builder.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
