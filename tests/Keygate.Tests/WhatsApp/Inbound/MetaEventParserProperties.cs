using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Keygate.WhatsApp.Inbound;
using Keygate.WhatsApp.Messages;

namespace Keygate.Tests.WhatsApp.Inbound;

/// <summary>
/// The Meta webhook parser reads whatever a signed body holds and never throws: random JSON trees, random
/// bytes, and Meta's own payloads broken at random places (fields removed, values of the wrong type, huge
/// numbers, lone surrogates, nesting past the reader's depth). A bounded number of cases per run.
/// </summary>
public sealed class MetaEventParserProperties
{
    private static readonly DateTime ReceivedAt = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    [Property(MaxTest = 400, EndSize = 60, Arbitrary = [typeof(MetaBodies)])]
    public void Parse_NeverThrows_OnRandomJsonTrees(JsonTree body) => AssertWellFormed(body.Text);

    [Property(MaxTest = 600, EndSize = 30, Arbitrary = [typeof(MetaBodies)])]
    public void Parse_NeverThrows_OnMutatedMetaPayloads(MutatedPayload body) => AssertWellFormed(body.Text);

    [Property(MaxTest = 300)]
    public void Parse_NeverThrows_OnRandomBytes(byte[] body) => Check(body);

    [Fact]
    public void Parse_ReadsMetasOwnPayloads()
    {
        var changes = MetaEventParser.Parse(Encoding.UTF8.GetBytes(MetaBodies.Samples[0]), ReceivedAt)!;
        var inbound = Assert.Single(Assert.Single(changes).Messages);
        Assert.Equal(("wamid.HBgLMTU1NTAwMDY2NjYVAgASGBQzQTJC", "15550006666", "text", "Ana Lima"), (inbound.Wamid, inbound.From, inbound.Type, inbound.ProfileName));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764676800).UtcDateTime, inbound.At);

        var status = Assert.Single(Assert.Single(MetaEventParser.Parse(Encoding.UTF8.GetBytes(MetaBodies.Samples[1]), ReceivedAt)!).Statuses);
        Assert.Equal(MessageState.Failed, status.Status);
        Assert.Contains("131026", status.Errors, StringComparison.Ordinal);

        var template = Assert.Single(MetaEventParser.Parse(Encoding.UTF8.GetBytes(MetaBodies.Samples[2]), ReceivedAt)!);
        Assert.Equal(("102290129340999", "message_template_status_update", null), (template.WabaId, template.Field, template.PhoneNumberId));
    }

    [Fact]
    public void Parse_TakesTheArrivalTime_ForATimestampNoDateCanHold()
    {
        var body = MetaBodies.Samples[1].Replace("\"1764676800\"", "\"99999999999999999\"", StringComparison.Ordinal);
        var status = Assert.Single(Assert.Single(MetaEventParser.Parse(Encoding.UTF8.GetBytes(body), ReceivedAt)!).Statuses);
        Assert.Equal(ReceivedAt, status.At);
    }

    [Fact]
    public void Parse_RefusesNestingPastTheReadersDepth_WithoutThrowing()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"entry\":[", 10_000)) + string.Concat(Enumerable.Repeat("]}", 10_000));
        Assert.Null(MetaEventParser.Parse(Encoding.UTF8.GetBytes(nested), ReceivedAt));
    }

    private static void AssertWellFormed(string text) => Check(Encoding.UTF8.GetBytes(text));

    /// <summary>Beyond not throwing: whatever comes out is something Keygate may store.</summary>
    private static void Check(byte[] body)
    {
        foreach (var change in MetaEventParser.Parse(body, ReceivedAt) ?? [])
        {
            Assert.All(change.Messages, m => Assert.True(Wamids.IsWamid(m.Wamid) && m.From.All(char.IsAsciiDigit) && m.Type.Length is > 0 and <= 20, m.ToString()));
            Assert.All(change.Statuses, s => Assert.True(Wamids.IsWamid(s.Wamid) && s.Status is not (MessageState.Accepted or MessageState.Received), s.ToString()));
        }
    }
}

public sealed record JsonTree(string Text)
{
    public override string ToString() => Text.Length <= 2_000 ? Text : Text[..2_000] + "…";
}

public sealed record MutatedPayload(string Text)
{
    public override string ToString() => Text.Length <= 2_000 ? Text : Text[..2_000] + "…";
}

/// <summary>Generators of JSON as Meta might send it, and as it must never break Keygate.</summary>
public static class MetaBodies
{
    /// <summary>Meta's payloads as documented: an inbound text message, a failed status, a template status update.</summary>
    public static readonly string[] Samples =
    [
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340999","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550129999","phone_number_id":"106540352242999"},"contacts":[{"profile":{"name":"Ana Lima"},"wa_id":"15550006666"}],"messages":[{"from":"15550006666","id":"wamid.HBgLMTU1NTAwMDY2NjYVAgASGBQzQTJC","timestamp":"1764676800","type":"text","text":{"body":"Where is my order?"}}]},"field":"messages"}]}]}""",
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340999","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550129999","phone_number_id":"106540352242999"},"statuses":[{"id":"wamid.HBgLMTU1NTAwMDg4ODgVAgARGBI5QTND","status":"failed","timestamp":"1764676800","recipient_id":"15550008888","errors":[{"code":131026,"title":"Message undeliverable","error_data":{"details":"Message Undeliverable."}}]}]},"field":"messages"}]}]}""",
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340999","time":1764676800,"changes":[{"value":{"event":"APPROVED","message_template_id":1689556908129832,"message_template_name":"order_update","message_template_language":"en_US","reason":"NONE"},"field":"message_template_status_update"}]}]}""",
    ];

    private static readonly string[] Names =
    [
        "object", "entry", "id", "time", "changes", "field", "value", "messaging_product", "metadata", "phone_number_id", "contacts", "profile",
        "name", "wa_id", "messages", "from", "timestamp", "type", "text", "body", "image", "statuses", "status", "recipient_id", "errors", "code", "event", "",
    ];

    // Raw JSON text: escapes a serializer would never write (lone surrogates), numbers no integer type holds.
    private static readonly string[] Leaves =
    [
        "null", "true", "false", "0", "-0", "1.5", "1e308", "-1e308", "1e-400", "9223372036854775808", "123456789012345678901234567890",
        "\"\"", "\"whatsapp\"", "\"messages\"", "\"text\"", "\"delivered\"", "\"read\"", "\"failed\"", "\"accepted\"", "\"received\"", "\"DELIVERED\"",
        "\"wamid.\"", "\"wamid.HBgLMTU1NTAwMDExMTEVAgASGBQzQUE\"", "\"15550001111\"", "\"+1 555 000 1111\"", "\"0\"", "\"106540352242999\"",
        "\"99999999999999999999\"", "\"-1\"", "\"1e308\"", "\"\\uD800\"", "\"\\uDC00x\"", "\"\\u0000\"", "\"\\\"\"", "\"é漢😀\"",
        "\"" + new string('9', 400) + "\"", "\"wamid." + new string('x', 200) + "\"",
    ];

    public static Arbitrary<JsonTree> Trees() => Arb.From(Gen.Sized(Tree).Select(text => new JsonTree(text)));

    public static Arbitrary<MutatedPayload> Mutations() => Arb.From(
        from sample in Gen.Elements(Samples)
        from edits in Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(Edit, count))
        select new MutatedPayload(Apply(sample, edits)));

    private static Gen<string> Leaf => Gen.OneOf(
        Gen.Elements(Leaves),
        ArbMap.Default.GeneratorFor<string>().Select(text => JsonSerializer.Serialize(text ?? "")),
        ArbMap.Default.GeneratorFor<long>().Select(number => number.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Gen<string> Key => Gen.Frequency((4, Gen.Elements(Names)), (1, Gen.Elements("\\uD800", "wa\\u005fid", "a\"b".Replace("\"", "\\\"", StringComparison.Ordinal))));

    private static Gen<string> Tree(int size) => size <= 1
        ? Leaf
        : Gen.Frequency(
            (2, Leaf),
            (2, Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(Tree(size / 2), count)).Select(items => "[" + string.Join(",", items) + "]")),
            (3, Gen.Choose(0, 4).SelectMany(count => Gen.ArrayOf(Gen.Zip(Key, Tree(size / 2), (key, value) => $"\"{key}\":{value}"), count))
                .Select(members => "{" + string.Join(",", members) + "}")));

    private static Gen<MutationEdit> Edit =>
        from node in Gen.Choose(0, 1_000)
        from kind in Gen.Elements(MutationKind.Remove, MutationKind.Replace, MutationKind.Nest)
        from replacement in Tree(8)
        from depth in Gen.Choose(1, 100)
        select new MutationEdit(node, kind, replacement, depth);

    /// <summary>
    /// Breaks a sample at the chosen places. A replaced node becomes a marker string first, swapped for its raw
    /// text at the end, because raw text can hold what no <see cref="JsonNode"/> can (a lone surrogate escape, 1e-400).
    /// </summary>
    private static string Apply(string sample, IEnumerable<MutationEdit> edits)
    {
        var root = JsonNode.Parse(sample)!;
        var replacements = new List<string>();
        foreach (var edit in edits)
        {
            var slots = Slots(root).ToList();
            if (slots.Count == 0)
            {
                break;
            }
            var (parent, name, index) = slots[edit.Node % slots.Count];
            var current = name is not null ? ((JsonObject)parent)[name] : ((JsonArray)parent)[index];
            if (edit.Kind == MutationKind.Remove)
            {
                _ = name is not null ? ((JsonObject)parent).Remove(name) : RemoveAt((JsonArray)parent, index);
                continue;
            }
            var marker = JsonValue.Create($"@@mutant{replacements.Count}@@");
            replacements.Add(edit.Kind == MutationKind.Replace
                ? edit.Replacement
                : new string('[', edit.Depth) + (current?.ToJsonString() ?? "null") + new string(']', edit.Depth));
            if (name is not null)
            {
                ((JsonObject)parent)[name] = marker;
            }
            else
            {
                ((JsonArray)parent)[index] = marker;
            }
        }
        var text = root.ToJsonString();
        // Last first: a nested replacement may carry an earlier marker inside it.
        for (var i = replacements.Count - 1; i >= 0; i--)
        {
            text = text.Replace($"\"@@mutant{i}@@\"", replacements[i], StringComparison.Ordinal);
        }
        return text;
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static IEnumerable<(JsonNode Parent, string? Name, int Index)> Slots(JsonNode node)
    {
        if (node is JsonObject members)
        {
            foreach (var (name, value) in members.ToList())
            {
                yield return (members, name, -1);
                foreach (var slot in value is null ? [] : Slots(value))
                {
                    yield return slot;
                }
            }
        }
        else if (node is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                yield return (items, null, i);
                foreach (var slot in items[i] is { } item ? Slots(item) : [])
                {
                    yield return slot;
                }
            }
        }
    }
}

public enum MutationKind
{
    Remove,
    Replace,
    Nest,
}

public sealed record MutationEdit(int Node, MutationKind Kind, string Replacement, int Depth);
