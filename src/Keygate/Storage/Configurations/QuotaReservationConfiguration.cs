using Keygate.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Keygate.Storage.Configurations;

internal sealed class QuotaReservationConfiguration : IEntityTypeConfiguration<QuotaReservation>
{
    public void Configure(EntityTypeBuilder<QuotaReservation> builder)
    {
        builder.HasKey(r => new { r.Scope, r.Metric, r.Period });
        builder.Property(r => r.Scope).HasMaxLength(40);
    }
}
