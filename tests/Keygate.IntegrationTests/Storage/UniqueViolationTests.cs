using Keygate.Accounts;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.Storage;

/// <summary>
/// The catch blocks that settle a race between two writers (a name, an e-mail, an alert, a webhook copy taken first) take
/// only a refusal by a unique index or primary key, as each store reports it; any other failed save goes on as itself.
/// </summary>
public class UniqueViolationTests
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    [Fact]
    public async Task ASecondUserWithTheSameEmailInTheAccount_IsAUniqueViolation()
    {
        await using var app = KeygateApp.On(Store);
        var owner = await OwnerAsync(app);

        var refused = await SaveAsync(app, NewUser(owner.AccountId, owner.Email));

        Assert.True(UniqueViolation.Is(refused), refused.InnerException?.Message);
    }

    [Fact]
    public async Task ARowWithAnIdThatIsTaken_IsAUniqueViolation()
    {
        await using var app = KeygateApp.On(Store);
        var owner = await OwnerAsync(app);

        var refused = await SaveAsync(app, NewUser(owner.AccountId, "another@keygate.test", owner.Id));

        Assert.True(UniqueViolation.Is(refused), refused.InnerException?.Message);
    }

    [Fact]
    public async Task AUserOfAnAccountThatDoesNotExist_IsNoUniqueViolation()
    {
        await using var app = KeygateApp.On(Store);
        await OwnerAsync(app);

        var refused = await SaveAsync(app, NewUser("acc_none", "nobody@keygate.test"));

        Assert.False(UniqueViolation.Is(refused), refused.InnerException?.Message);
    }

    private static async Task<User> OwnerAsync(KeygateApp app)
    {
        await app.OwnerAsync(); // started, bootstrapped
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == KeygateApp.AdminEmail, TestContext.Current.CancellationToken);
    }

    private static async Task<DbUpdateException> SaveAsync(KeygateApp app, User user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        db.Users.Add(user);
        return await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    private static User NewUser(string accountId, string email, string? id = null) => new()
    {
        Id = id ?? "usr_" + Guid.NewGuid().ToString("N"),
        AccountId = accountId,
        Email = email,
        PasswordHash = "not-a-real-hash",
        Role = UserRole.Viewer,
        CreatedAt = DateTime.UtcNow,
    };
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class UniqueViolationTestsOnPostgres : UniqueViolationTests
{
    protected override Store Store => Store.PostgreSql;
}
