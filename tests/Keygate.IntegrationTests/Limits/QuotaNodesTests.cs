namespace Keygate.IntegrationTests.Limits;

/// <summary>
/// Several Keygate nodes on one PostgreSQL database share each quota through its durable reservations: a node spends only
/// what the store granted it, and the store grants nothing past the limit, however many nodes ask at once. The nodes count
/// in process here (no Redis), so each holds its own blocks: the store's conditional reservation alone keeps them exact.
/// </summary>
public sealed class QuotaNodesTests
{
    // Blocks of a tenth of the limit: big enough that a node which took another node's reservation for its own would over-admit.
    private static readonly (string, string) TenthBlocks = ("Limits:ReservationShare", "0.1");

    private static readonly (string, string) InProcess = ("Coordination:Provider", "inprocess");

    private static readonly object Quota100 = new { quotas = new[] { new { metric = "requests", limit = 100, period = "day" } } };

    [Fact]
    public async Task Quota100_WithConcurrentRequestsOverTwoNodes_AdmitsExactly100()
    {
        await using var first = KeygateApp.OnPostgres(TenthBlocks, InProcess);
        var key = await first.CreateKeyAsync(Quota100);
        await using var second = first.Again(TenthBlocks, InProcess);
        // Reservations interleaved, as under load: the first node's next block is reserved after the second node's, so the
        // store's total then counts a block that is not the first node's to spend.
        await SpendAsync(first, key, 1);
        await SpendAsync(second, key, 1);
        await SpendAsync(first, key, 10);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => StatusAsync((i % 2 == 0 ? first : second).ClientFor(key))));

        Assert.Equal(100 - 12, statuses.Count(s => s == 200));
        Assert.Equal(100L, await first.ScalarAsync("""SELECT "Reserved" FROM "QuotaReservations" """));
    }

    [Fact]
    public async Task ANodeStoppingGracefully_HandsBackOnlyItsOwnUnspentReservation()
    {
        await using var first = KeygateApp.OnPostgres(TenthBlocks, InProcess);
        var key = await first.CreateKeyAsync(Quota100);
        await using var leaving = first.Again(TenthBlocks, InProcess);
        await SpendAsync(leaving, key, 5);   // reserves 10 of 100
        await SpendAsync(first, key, 5);     // reserves the next 10, after the leaving node did
        await leaving.DisposeAsync();        // hands back its 5 unspent, and nothing of the first node's block

        Assert.Equal(15L, await first.ScalarAsync("""SELECT "Reserved" FROM "QuotaReservations" """));
        await using var joining = first.Again(TenthBlocks, InProcess);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => StatusAsync((i % 2 == 0 ? first : joining).ClientFor(key))));
        Assert.Equal(90, statuses.Count(s => s == 200)); // 100 less the 10 spent before
    }

    private static async Task SpendAsync(KeygateApp node, CreatedKey key, int requests)
    {
        var client = node.ClientFor(key);
        for (var i = 0; i < requests; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
    }

    private static async Task<int> StatusAsync(HttpClient client) => (int)(await client.GetAsync("/v1/whoami")).StatusCode;
}
