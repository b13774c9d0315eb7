namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>A Keygate whose Meta is a <see cref="FakeMeta"/>, shared by a test class (each test in an account of its own).</summary>
public class KeygateWithMeta : IAsyncLifetime
{
    private readonly Store _store;

    public KeygateWithMeta() : this(Store.Sqlite)
    {
    }

    protected KeygateWithMeta(Store store) => _store = store;

    public FakeMeta Meta { get; private set; } = null!;

    public KeygateApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Meta = await FakeMeta.StartAsync();
        App = KeygateApp.On(_store, ("Meta:BaseUrl", Meta.Address.ToString()));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class PostgresKeygateWithMeta() : KeygateWithMeta(Store.PostgreSql);
