namespace Keygate.IntegrationTests;

/// <summary>
/// Two nodes over one store (<see cref="KeygateApp.Again"/>): a customer's message that only one node received opens
/// the 24-hour window on the other too, even after the other has answered "closed" for that customer.
/// </summary>
public class ConversationWindowNodesTests
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    [Fact]
    public async Task ACustomerWritingThroughAnotherNode_OpensTheWindowOnThisOne()
    {
        await using var first = KeygateApp.On(Store);
        var key = await first.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } });
        var sandbox = await Sandbox.OfAsync(await first.OwnerAsync());
        await using var second = first.Again();
        var sender = second.ClientFor(key);
        const string customer = "15557650001";

        var closed = await SendTextAsync(sender, sandbox, customer, "hello?");
        var failed = await second.UntilStatusAsync(sender, closed, "failed");
        Assert.Equal(131047, failed.GetProperty("timeline").EnumerateArray().Last().GetProperty("errors")[0].GetProperty("code").GetInt32());

        await sandbox.CustomerWritesAsync(first.ClientFor(key), from: customer);

        var open = await SendTextAsync(sender, sandbox, customer, "now we can talk");
        await second.UntilStatusAsync(sender, open, "read");
    }

    private static async Task<string> SendTextAsync(HttpClient client, Sandbox sandbox, string to, string text) =>
        (await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(to, text)).JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class ConversationWindowNodesTestsOnPostgres : ConversationWindowNodesTests
{
    protected override Store Store => Store.PostgreSql;
}
