using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Templates;

/// <summary>
/// The templates a new sandbox number starts with: one of each category, with and without parameters, with named parameters,
/// a media header, and an authentication (OTP) template with its copy-code button.
/// </summary>
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
            [{"type":"BODY","text":"*{{1}}* is your verification code. For your security, do not share this code.","add_security_recommendation":true},
             {"type":"FOOTER","text":"This code expires in 10 minutes.","code_expiration_minutes":10},
             {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE","text":"Copy code"}]}]
            """);
        yield return Make("order_confirmation", "UTILITY", """
            [{"type":"BODY","text":"Hi {{first_name}}, your order {{order_id}} is confirmed.",
              "example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"},{"param_name":"order_id","example":"A-17"}]}},
             {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Change it"},{"type":"PHONE_NUMBER","text":"Call us","phone_number":"+15550100000"}]}]
            """);
        yield return Make("new_arrivals", "MARKETING", """
            [{"type":"HEADER","format":"IMAGE"},
             {"type":"BODY","text":"New this week: {{1}}."},
             {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SPRING20"},{"type":"QUICK_REPLY","text":"Stop promotions"}]}]
            """);
    }
}
