using System.Text.Json;
using Keygate.Webhooks;
using Microsoft.Extensions.Options;

namespace Keygate.Tests.Webhooks;

/// <summary>The API's JSON body and the dashboard's typed form reach one set of rules, and a body that is no object says only that.</summary>
public sealed class WebhookEditTests
{
    // Private networks allowed: the guard answers without DNS, so these stay pure.
    private static readonly CallbackGuard Guard = new(Options.Create(new WebhookOptions { AllowPrivateNetworks = true }));

    [Fact]
    public async Task BadValues_AreRefusedAlike_FromJsonAndFromATypedEdit()
    {
        var json = JsonDocument.Parse("""
            {"url":"ftp://files.example.com/x","events":["messages","payments"],"phoneNumberIds":["not-a-number"],"description":"a\u0001b"}
            """).RootElement;
        var typed = new WebhookEdit
        {
            Url = "ftp://files.example.com/x",
            Events = ["messages", "payments"],
            PhoneNumberIds = ["not-a-number"],
            SetsDescription = true,
            Description = "a\u0001b",
        };

        var fromJson = await ErrorsOf(WebhookBody.Read(json, creating: true));
        var fromTyped = await ErrorsOf(typed);

        Assert.Equal(["description", "events[1]", "phoneNumberIds[0]", "url"], fromJson.Keys.Order());
        Assert.Equal(fromJson.OrderBy(e => e.Key), fromTyped.OrderBy(e => e.Key));
    }

    [Fact]
    public async Task ABodyThatIsNoObject_IsRefusedForThatAlone_NotAlsoForMissingFields()
    {
        var errors = await ErrorsOf(WebhookBody.Read(JsonDocument.Parse("[]").RootElement, creating: true));

        Assert.Equal(["$"], errors.Keys);
    }

    [Fact]
    public async Task AnEmptyEventList_IsRequiredToNameOne_WhetherAsCreateOrAsEdit()
    {
        var created = await ErrorsOf(WebhookBody.Read(JsonDocument.Parse("""{"url":"https://hooks.example.com/"}""").RootElement, creating: true));
        var edited = await ErrorsOf(new WebhookEdit { Events = [] });

        Assert.Equal(created["events"], edited["events"]);
        Assert.StartsWith("Required: at least one of", created["events"][0], StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyDictionary<string, string[]>> ErrorsOf(WebhookEdit edit) =>
        (await edit.ApplyToAsync(new WebhookDraft(), Guard, allowHttp: false, TestContext.Current.CancellationToken)).ToDictionary();
}
