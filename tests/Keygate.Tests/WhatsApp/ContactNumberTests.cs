using Keygate.WhatsApp.Contacts;

namespace Keygate.Tests.WhatsApp;

public sealed class ContactNumberTests
{
    [Theory]
    [InlineData("447700900123", "447700900123")]
    [InlineData("+447700900123", "447700900123")]
    [InlineData("+44 7700 900123", "447700900123")]
    [InlineData("+1 (415) 555-0100", "14155550100")]
    [InlineData("1.415.555.0100", "14155550100")]
    [InlineData("  +55 11 98765-4321 ", "5511987654321")]
    [InlineData("+49\u00a0151\u00a012345678", "4915112345678")]
    [InlineData("1234567", "1234567")]
    [InlineData("123456789012345", "123456789012345")]
    public void TryNormalize_DropsThePlusAndSeparators(string written, string expected)
    {
        Assert.True(ContactNumber.TryNormalize(written, out var waId));
        Assert.Equal(expected, waId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+")]
    [InlineData("123456")]
    [InlineData("1234567890123456")]
    [InlineData("07700 900123")]
    [InlineData("0044 7700 900123")]
    [InlineData("++447700900123")]
    [InlineData("44+7700900123")]
    [InlineData("+44 7700 9OO123")]
    [InlineData("447700900123 ext 4")]
    [InlineData("٤٤٧٧٠٠٩٠٠١٢٣")]
    [InlineData("44/7700/900123")]
    public void TryNormalize_RefusesWhatIsNotAnInternationalNumber(string? written)
    {
        Assert.False(ContactNumber.TryNormalize(written, out var waId));
        Assert.Null(waId);
    }

    [Theory]
    [InlineData("+55 11 98765", "551198765")]
    [InlineData("0001", "0001")]
    [InlineData("Souza", null)]
    [InlineData("100%", null)]
    [InlineData("-", null)]
    public void Digits_ReadsTextWrittenLikeANumber(string text, string? expected) =>
        Assert.Equal(expected, ContactNumber.Digits(text));

    [Theory]
    [InlineData("VIP", "vip")]
    [InlineData(" lead ", "lead")]
    [InlineData("q3-2025_promo.b", "q3-2025_promo.b")]
    [InlineData("नमस्ते", "नमस्ते")]
    [InlineData("CLIENTE-ÁGIL", "cliente-ágil")]
    public void TryReadTag_FoldsCase(string text, string expected)
    {
        Assert.True(ContactFields.TryReadTag(text, out var tag));
        Assert.Equal(expected, tag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a:b")]
    [InlineData("🌻")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void TryReadTag_RefusesWhatIsNotAShortToken(string text) =>
        Assert.False(ContactFields.TryReadTag(text, out _));
}
