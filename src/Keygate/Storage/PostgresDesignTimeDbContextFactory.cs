using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Keygate.Storage;

/// <summary>PostgreSQL's model for <c>dotnet ef migrations add --context PostgresKeygateDbContext</c>; it never connects.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresKeygateDbContext>
{
    public PostgresKeygateDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresKeygateDbContext>().UseNpgsql("Host=design-time").Options);
}
