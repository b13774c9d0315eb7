using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Keygate.Tests.WhatsApp.CloudApi;

/// <summary>A JSON text a client (or Meta) might send; shown as its text when a property fails.</summary>
public sealed record JsonText(string Text)
{
    public override string ToString() => Text.Length > 2000 ? Text[..2000] + "…" : Text;
}

/// <summary>
/// Generators of hostile JSON: random trees over the names the Cloud API parsers look for, and valid documents with
/// a few values replaced, removed, retyped, made huge or nested deep.
/// </summary>
public static class HostileJson
{
    private static readonly string[] Names =
    [
        "messaging_product", "recipient_type", "to", "type", "context", "message_id", "status", "biz_opaque_callback_data",
        "text", "body", "preview_url", "template", "name", "language", "code", "components", "parameters", "index",
        "image", "document", "audio", "video", "sticker", "id", "link", "caption", "filename",
        "interactive", "action", "buttons", "reply", "title", "button", "sections", "rows", "display_text", "url",
        "location", "latitude", "longitude", "address", "contacts", "formatted_name", "reaction", "emoji",
        "error", "message", "error_subcode", "error_data", "details", "fbtrace_id", "messages", "", "\u0000",
    ];

    private static readonly string[] Leaves =
    [
        "null", "true", "false", "0", "-1", "1", "3", "91", "-181", "0.5", "1e308", "-1e308", "1e400", "-1e400", "1e-400",
        "123456789012345678901234567890", "2147483648", "-2147483649", "9223372036854775808",
        "\"\"", "\"x\"", "\"whatsapp\"", "\"individual\"", "\"read\"", "\"15550001111\"", "\"+1 555 000 1111\"", "\"wamid.HBgL\"",
        "\"text\"", "\"template\"", "\"image\"", "\"document\"", "\"audio\"", "\"video\"", "\"sticker\"", "\"interactive\"",
        "\"location\"", "\"contacts\"", "\"reaction\"", "\"button\"", "\"list\"", "\"cta_url\"", "\"body\"", "\"header\"", "\"BODY\"",
        "\"https://e.com/a.png\"", "\"ftp://e.com\"", "\"37.5\"", "\"x\"", "\"NaN\"", "\"Infinity\"", "\"1e400\"", "\"130429\"",
        "\"\\u0000\\ud83d\\ude00\"", "\"" + new string('x', 5000) + "\"", "[]", "{}",
    ];

    /// <summary>Valid bodies of every message type, the mark-as-read form and Meta's error envelope.</summary>
    public static readonly string[] Valid =
    [
        """{"messaging_product":"whatsapp","to":"15550001111","type":"text","text":{"body":"hi","preview_url":true}}""",
        """{"messaging_product":"whatsapp","recipient_type":"individual","to":"15550001111","type":"text","text":{"body":"hi"},"context":{"message_id":"wamid.HBgL"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"order_update","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"a"}]},{"type":"button","index":0,"parameters":[{"type":"text","text":"b"}]}]}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"image","image":{"link":"https://e.com/a.png","caption":"c"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"document","document":{"id":"123456","filename":"a.pdf"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"audio","audio":{"id":"123456"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"video","video":{"link":"https://e.com/a.mp4"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"sticker","sticker":{"id":"123456"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"button","body":{"text":"b"},"action":{"buttons":[{"type":"reply","reply":{"id":"1","title":"Yes"}}]}}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"list","body":{"text":"b"},"action":{"button":"Pick","sections":[{"title":"s","rows":[{"id":"1","title":"One"}]}]}}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"Go","url":"https://e.com"}}}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"location","location":{"latitude":37.48,"longitude":"-122.14","name":"n","address":"a"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"contacts","contacts":[{"name":{"formatted_name":"Ann"},"phones":[{"phone":"+1 555"}]}]}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"reaction","reaction":{"message_id":"wamid.HBgL","emoji":"x"}}""",
        """{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgL"}""",
        """{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,"error_subcode":2494055,"error_data":{"messaging_product":"whatsapp","details":"d"},"fbtrace_id":"A"}}""",
    ];

    public static Arbitrary<JsonText> Documents() =>
        Gen.Frequency((1, Tree), (3, Mutated), (1, Deep)).Select(text => new JsonText(text)).ToArbitrary();

    private static Gen<string> Name => Gen.Frequency((9, Gen.Elements(Names)), (1, ArbMap.Default.GeneratorFor<string>()))
        .Select(name => System.Text.Json.JsonSerializer.Serialize(name ?? ""));

    private static Gen<string> Leaf => Gen.Elements(Leaves);

    /// <summary>A random tree whose size the generator's size bounds; object keys are distinct, so JsonNode can load it.</summary>
    private static Gen<string> Tree => Gen.Sized(TreeOf);

    private static Gen<string> TreeOf(int size) => size <= 1
        ? Leaf
        : Gen.Frequency(
            (2, Leaf),
            (1, Gen.ListOf(TreeOf(size / 3), Math.Min(size, 6)).Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.ListOf(Gen.Zip(Name, TreeOf(size / 3)), Math.Min(size, 8))
                .Select(pairs => "{" + string.Join(",", pairs.DistinctBy(p => p.Item1).Select(p => p.Item1 + ":" + p.Item2)) + "}")));

    /// <summary>A value nested deeper than anyone sends, up to what the JSON reader accepts at all (64).</summary>
    private static Gen<string> Deep =>
        from depth in Gen.Choose(10, 70)
        from valid in Gen.Elements(Valid)
        from opener in Gen.Elements("{\"body\":", "[", "{\"latitude\":")
        let closer = opener == "[" ? "]" : "}"
        select valid.Replace("\"hi\"", string.Concat(Enumerable.Repeat(opener, depth)) + "1" + string.Concat(Enumerable.Repeat(closer, depth)));

    private static Gen<string> Mutated =>
        from valid in Gen.Elements(Valid)
        from mutations in Gen.ListOf(
            from place in Gen.Choose(0, 1000)
            from change in Gen.Choose(0, 5)
            from value in Tree
            select (place, change, value), 3)
        select Mutate(valid, [.. mutations]);

    private static string Mutate(string valid, (int Where, int How, string With)[] mutations)
    {
        var root = JsonNode.Parse(valid)!;
        foreach (var (where, how, with) in mutations)
        {
            var places = Places(root).ToList();
            if (places.Count == 0)
            {
                break;
            }
            var (parent, name, index) = places[where % places.Count];
            var current = name is not null ? parent[name] : parent[index];
            JsonNode? replacement = how switch
            {
                0 => JsonNode.Parse(with),
                1 => JsonNode.Parse("123456789012345678901234567890e300"),
                2 => new JsonArray(current?.DeepClone()),
                3 => JsonValue.Create(current?.ToJsonString()),
                4 => null,
                _ => JsonNode.Parse(with),
            };
            if (how == 5 && parent is JsonObject removable && name is not null)
            {
                removable.Remove(name);
            }
            else if (name is not null)
            {
                parent[name] = replacement;
            }
            else
            {
                parent[index] = replacement;
            }
        }
        return root.ToJsonString();
    }

    private static IEnumerable<(JsonNode Parent, string? Name, int Index)> Places(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    yield return (obj, name, 0);
                    if (child is not null)
                    {
                        foreach (var place in Places(child))
                        {
                            yield return place;
                        }
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    if (array[i] is { } child)
                    {
                        foreach (var place in Places(child))
                        {
                            yield return place;
                        }
                    }
                }
                break;
        }
    }
}
