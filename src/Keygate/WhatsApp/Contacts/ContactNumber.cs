using System.Diagnostics.CodeAnalysis;

namespace Keygate.WhatsApp.Contacts;

/// <summary>
/// WhatsApp numbers as Meta's <c>wa_id</c>: E.164 digits without the '+'. People write numbers with a '+',
/// spaces, dashes, dots or brackets; those are dropped, so that one person is one contact however written.
/// </summary>
internal static class ContactNumber
{
    public const int MinDigits = 7;
    public const int MaxDigits = 15;
    public const string Rule = "A phone number in international format with its country code: 7 to 15 digits, such as +44 7700 900123.";

    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? waId)
    {
        waId = Digits(text);
        // No country code starts with 0: a leading 0 is a national number or a "00" dialling prefix, and
        // storing either would make a second contact for the same person.
        if (waId is null || waId.Length is < MinDigits or > MaxDigits || waId[0] == '0')
        {
            waId = null;
            return false;
        }
        return true;
    }

    /// <summary>The digits of text written like a number (digits, an optional leading '+', separators), else null.</summary>
    public static string? Digits(string? text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.StartsWith('+'))
        {
            trimmed = trimmed[1..];
        }
        var digits = new char[trimmed.Length];
        var count = 0;
        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
            else if (!IsSeparator(c))
            {
                return null;
            }
        }
        return count == 0 ? null : new string(digits, 0, count);
    }

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c is '-' or '.' or '(' or ')';
}
