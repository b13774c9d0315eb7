namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// Graph's <c>fields</c> parameter, split as Meta reads it: names separated by commas, each with optional modifiers
/// (<c>.limit(5)</c>) and a nested list in braces (<c>message_templates{name,status}</c>) or in the older
/// <c>.fields(name,status)</c> modifier. A name that is one of the
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
        if (name.Length == 0)
        {
            return;
        }
        // Nested fields in braces, or in Graph's older .fields(…) modifier: both select fields of the edge's objects.
        var braces = Inside(item, item.IndexOf('{'), '{', '}');
        var modifier = item.IndexOf(".fields(", StringComparison.OrdinalIgnoreCase);
        var listed = modifier < 0 ? "" : Inside(item, modifier + ".fields".Length, '(', ')');
        read.Add((name, braces.Length > 0 && listed.Length > 0 ? braces + "," + listed : braces + listed));
    }

    /// <summary>What lies between the opening character at <paramref name="at"/> and the one that closes it (or the end).</summary>
    private static string Inside(string item, int at, char open, char close)
    {
        if (at < 0)
        {
            return "";
        }
        var depth = 0;
        for (var i = at; i < item.Length; i++)
        {
            if (item[i] == open)
            {
                depth++;
            }
            else if (item[i] == close && --depth == 0)
            {
                return item[(at + 1)..i];
            }
        }
        return item[(at + 1)..];
    }
}
