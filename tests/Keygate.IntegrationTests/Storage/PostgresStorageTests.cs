namespace Keygate.IntegrationTests.Storage;

/// <summary>
/// Running on PostgreSQL as an operator would: the schema migrated by the <c>migrate</c> command ahead of the nodes, a node
/// that refuses a schema it was told not to migrate, and a connection string whose password never shows.
/// </summary>
public sealed class PostgresStorageTests
{
    [Fact]
    public async Task MigrateCommand_BringsTheSchemaUpToDateAndStops_ThenANodeThatDoesNotMigrateStartsOnIt()
    {
        await using var node = KeygateApp.OnPostgres(("Storage:MigrateOnStart", "false"));
        SkipWithoutPostgres();

        var (exitCode, output) = await KeygateProcess.RunToExitAsync("migrate", "--Storage:Provider=postgresql",
            $"--Storage:ConnectionString={node.ConnectionString}", $"--Storage:DataDirectory={node.DataDirectory}");

        Assert.True(exitCode == 0, output);
        Assert.True(await node.CountAsync("""SELECT count(*) FROM "__EFMigrationsHistory" """) > 0);
        Assert.Equal(0L, await node.CountAsync("""SELECT count(*) FROM "Users" """)); // migrated, nothing more: no bootstrap
        var key = await node.CreateKeyAsync();
        await node.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task ANodeThatDoesNotMigrate_RefusesToStartOnAnOutdatedSchema_NamingTheCommand()
    {
        await using var node = KeygateApp.OnPostgres(("Storage:MigrateOnStart", "false"));
        SkipWithoutPostgres();

        var refused = Assert.ThrowsAny<Exception>(() => node.BaseAddress);

        Assert.Contains("Keygate migrate", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSqlWithoutAConnectionString_IsRefusedAtStart()
    {
        await using var node = KeygateApp.With(("Storage:Provider", "postgresql"));

        var refused = Assert.ThrowsAny<Exception>(() => node.BaseAddress);

        Assert.Contains("Storage:ConnectionString is required", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConnectionStringsPassword_NeverShows_WhenTheDatabaseCannotBeReached()
    {
        const string password = "pg-password-never-logged";
        // Port 1 on the loopback: nothing listens there, so the start fails while connecting, where a careless log would quote it.
        await using var node = KeygateApp.With(("Storage:Provider", "postgresql"),
            ("Storage:ConnectionString", $"Host=127.0.0.1;Port=1;Username=keygate;Password={password};Timeout=2"));

        var refused = Assert.ThrowsAny<Exception>(() => node.BaseAddress);

        Assert.DoesNotContain(password, refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(node.Logs.Lines, line => line.Contains(password, StringComparison.Ordinal));
        Assert.NotEmpty(node.Logs.Lines);
    }

    private static void SkipWithoutPostgres()
    {
        if (PostgresServer.Missing() is { } missing)
        {
            Assert.Skip(missing);
        }
    }
}
