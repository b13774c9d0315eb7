using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Keygate.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build SQLite's model without starting the host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<KeygateDbContext>
{
    public KeygateDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<KeygateDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
