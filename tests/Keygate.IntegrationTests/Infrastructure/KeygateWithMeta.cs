namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>A Keygate whose Meta is a <see cref="FakeMeta"/>, shared by a test class (each test in an account of its own).</summary>
public sealed class KeygateWithMeta : IAsyncLifetime
{
    public FakeMeta Meta { get; private set; } = null!;

    public KeygateApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Meta = await FakeMeta.StartAsync();
        App = KeygateApp.With(("Meta:BaseUrl", Meta.Address.ToString()));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Meta.DisposeAsync();
    }
}
