namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>The sandbox number of an account, and the customer-side actions a WhatsApp test needs.</summary>
public sealed record Sandbox(string PhoneNumberId, string WabaId)
{
    public const string Customer = "15550001111";

    public static async Task<Sandbox> OfAsync(HttpClient owner)
    {
        var numbers = await owner.GetAsync("/v1/phone-numbers").JsonAsync();
        var sandbox = numbers.EnumerateArray().Single(n => n.GetProperty("provider").GetString() == "sandbox");
        return new Sandbox(sandbox.GetProperty("id").GetString()!, sandbox.GetProperty("wabaId").GetString()!);
    }

    public string MessagesPath => $"/v23.0/{PhoneNumberId}/messages";

    /// <summary>The customer writes in, which opens the 24-hour window for free-form messages; returns the inbound wamid.</summary>
    public async Task<string> CustomerWritesAsync(HttpClient sender, string from = Customer, string text = "Hello!")
    {
        var created = await sender.PostAsJsonAsync("/v1/sandbox/inbound", new { phoneNumberId = PhoneNumberId, from, text }).JsonAsync(201);
        return created.GetProperty("id").GetString()!;
    }

    public static object Text(string to, string body) => new { messaging_product = "whatsapp", to, type = "text", text = new { body } };

    /// <summary>The seeded template every sandbox has, which needs no open window.</summary>
    public static object HelloWorld(string to = Customer) => new
    {
        messaging_product = "whatsapp",
        to,
        type = "template",
        template = new { name = "hello_world", language = new { code = "en_US" } },
    };
}
