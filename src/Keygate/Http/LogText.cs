using System.Text;

namespace Keygate.Http;

/// <summary>
/// Client-controlled text as it may enter a log line: control characters, line separators and the backslash escaped,
/// so a request cannot start a line of its own (a forged entry) in a plain-text log, and an escape cannot pass for one.
/// </summary>
internal static class LogText
{
    public static string Escape(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }
        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '\r' => @"\r",
                '\n' => @"\n",
                '\t' => @"\t",
                '\\' => @"\\",
                _ when NeedsEscape(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\\' or '\u2028' or '\u2029';
}
