using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Templates;

/// <summary>The templates a new sandbox number starts with: one of each category, with and without parameters.</summary>
internal static class TemplateSeeds
{
    public static IEnumerable<MessageTemplate> For(PhoneNumber number, DateTime now)
    {
        MessageTemplate Make(string name, string category, string components) => new()
        {
            Id = MetaIds.New(),
            AccountId = number.AccountId,
            WabaId = number.WabaId,
            Name = name,
            Language = "en_US",
            Category = category,
            Status = "APPROVED",
            Components = components,
            CreatedAt = now,
        };

        yield return Make("hello_world", "UTILITY", """
            [{"type":"HEADER","format":"TEXT","text":"Hello from the sandbox"},
             {"type":"BODY","text":"This template has no parameters: send it to check that messages arrive."},
             {"type":"FOOTER","text":"Keygate sandbox"}]
            """);
        yield return Make("order_update", "UTILITY", """
            [{"type":"BODY","text":"Hi {{1}}, your order {{2}} is on its way."},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://example.com/track/{{1}}"}]}]
            """);
        yield return Make("seasonal_offer", "MARKETING", """
            [{"type":"HEADER","format":"TEXT","text":"An offer for {{1}}"},
             {"type":"BODY","text":"Use code {{1}} for {{2}} off until Sunday."}]
            """);
        yield return Make("verification_code", "AUTHENTICATION", """
            [{"type":"BODY","text":"{{1}} is your verification code."}]
            """);
    }
}
