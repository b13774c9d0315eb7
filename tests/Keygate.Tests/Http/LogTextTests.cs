using Keygate.Http;

namespace Keygate.Tests.Http;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("/v1/keys", "/v1/keys")]
    [InlineData("/v1/x\r\ninfo: forged", @"/v1/x\r\ninfo: forged")]
    [InlineData("/a\u0000b\u001bc\u2028d", @"/a\u0000b\u001bc\u2028d")]
    [InlineData(@"/already\r\nescaped", @"/already\\r\\nescaped")]
    public void Escape_LeavesNoLineBreakOrControlCharacter_AndNoEscapeThatPassesForOne(string value, string logged)
    {
        var escaped = LogText.Escape(value);

        Assert.Equal(logged, escaped);
        Assert.DoesNotContain(escaped, c => char.IsControl(c) || c is '\u2028' or '\u2029');
    }
}
