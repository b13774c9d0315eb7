using System.Text;
using Keygate.Webhooks;

namespace Keygate.Tests.Webhooks;

public sealed class WebhookSecretTests
{
    [Fact]
    public void Signature_IsMetasFormat_OverTheRawBody()
    {
        // The widely published HMAC-SHA256 example: key "key" over the pangram.
        var signature = WebhookSecret.Signature("key"u8, Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog"));
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", signature);
    }

    [Fact]
    public void New_IsPrefixedBase62_AndNeverRepeats()
    {
        var first = WebhookSecret.New();
        Assert.Matches("^whsec_[0-9A-Za-z]{40}$", first);
        Assert.NotEqual(first, WebhookSecret.New());
    }
}
