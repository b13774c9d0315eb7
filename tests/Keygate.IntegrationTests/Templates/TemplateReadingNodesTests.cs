namespace Keygate.IntegrationTests.Templates;

/// <summary>
/// "At most one reading of a WABA's templates per interval" holds for every node over one store together, and across a
/// restart; a restart keeps a reading that is still fresh. Hosts over one store (<see cref="KeygateApp.Again"/>) stand for the nodes.
/// </summary>
public class TemplateReadingNodesTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private const int IntervalSeconds = 3600;
    private static readonly string[] Utility = ["messages:send-utility-template"];
    private FakeMeta _meta = null!;

    public async ValueTask InitializeAsync() => _meta = await FakeMeta.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AfterARestart_AFreshReadingIsKept_AndAReadingWaitsOutTheIntervalBegunBeforeIt()
    {
        MetaNumber number;
        CreatedKey key;
        var first = Start();
        await using (first)
        {
            number = await first.RegisterMetaNumberAsync(_meta);
            _meta.AddTemplate(number.WabaId, "order_shipped", "UTILITY");
            key = await first.CreateKeyAsync(new { permissions = Utility }, by: number.Owner);
            await first.ClientFor(key).PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped")).ShouldHaveStatusAsync(200);
            Assert.Equal(1, _meta.TemplatePagesRead(number.WabaId));
        }
        _meta.AddTemplate(number.WabaId, "brand_new", "UTILITY");

        await using var restarted = Start(first);
        var sender = restarted.ClientFor(key);
        await sender.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped")).ShouldHaveStatusAsync(200);
        await sender.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveMetaErrorAsync(404, 132001, "invalid_request");
        Assert.Equal(1, _meta.TemplatePagesRead(number.WabaId));

        restarted.Clock.Advance(TimeSpan.FromSeconds(IntervalSeconds + 1));
        await sender.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveStatusAsync(200);
        Assert.Equal(2, _meta.TemplatePagesRead(number.WabaId));
    }

    [Fact]
    public async Task TwoNodes_ReadAWabasTemplatesAtMostOncePerInterval_Together()
    {
        await using var first = Start();
        var number = await first.RegisterMetaNumberAsync(_meta);
        _meta.AddTemplate(number.WabaId, "order_shipped", "UTILITY");
        var key = await first.CreateKeyAsync(new { permissions = Utility }, by: number.Owner);
        await first.ClientFor(key).PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped")).ShouldHaveStatusAsync(200);
        _meta.AddTemplate(number.WabaId, "brand_new", "UTILITY");

        await using var second = Start(first);
        // The first node's reading began the interval for the second as well.
        await second.ClientFor(key).PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveMetaErrorAsync(404, 132001, "invalid_request");
        Assert.Equal(1, _meta.TemplatePagesRead(number.WabaId));

        second.Clock.Advance(TimeSpan.FromSeconds(IntervalSeconds + 1));
        await second.ClientFor(key).PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveStatusAsync(200);
        // The first node finds what the second read, without reading again.
        await first.ClientFor(key).PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveStatusAsync(200);
        Assert.Equal(2, _meta.TemplatePagesRead(number.WabaId));
    }

    /// <summary>A host on the class's store, or another node over <paramref name="nodeOf"/>'s store (that host restarted, once it was stopped).</summary>
    private KeygateApp Start(KeygateApp? nodeOf = null)
    {
        (string, string)[] settings =
        [
            ("Meta:BaseUrl", _meta.Address.ToString()),
            ("Templates:MinIntervalSeconds", IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Templates:MaxAgeSeconds", "86400"),
        ];
        return nodeOf is null ? KeygateApp.On(Store, settings) : nodeOf.Again(settings);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TemplateReadingNodesTestsOnPostgres : TemplateReadingNodesTests
{
    protected override Store Store => Store.PostgreSql;
}
