namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// Graph's <c>fields</c> parameter, split as Meta reads it: names separated by commas, each with optional modifiers
/// (<c>.limit(5)</c>) and a nested list in braces (<c>message_templates{name,status}</c>). A name that is one of the
/// object's edges expands it: the edge's objects come back inside the answer, as if the edge had been called.
/// </summary>
internal static class GraphFields
{
    /// <summary>The top-level names, each with its nested list (empty when it has none). Unbalanced braces keep the rest nested.</summary>
    public static List<(string Name, string Nested)> Read(string fields)
    {
        var read = new List<(string, string)>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= fields.Length; i++)
        {
            var c = i < fields.Length ? fields[i] : ',';
            if (c is '{' or '(')
            {
                depth++;
            }
            else if (c is '}' or ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c == ',' && (depth == 0 || i == fields.Length))
            {
                Add(read, fields[start..i]);
                start = i + 1;
            }
        }
        return read;
    }

    private static void Add(List<(string, string)> read, string item)
    {
        var nameEnds = item.IndexOfAny(['{', '.', '(']);
        var name = (nameEnds < 0 ? item : item[..nameEnds]).Trim();
        var open = item.IndexOf('{');
        var close = item.LastIndexOf('}');
        var nested = open < 0 ? "" : close > open ? item[(open + 1)..close] : item[(open + 1)..];
        if (name.Length > 0)
        {
            read.Add((name, nested));
        }
    }
}
