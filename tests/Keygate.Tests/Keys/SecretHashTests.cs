using System.Security.Cryptography;
using System.Text;
using Keygate.Authorization;
using Keygate.Keys;

namespace Keygate.Tests.Keys;

public sealed class SecretHashTests
{
    [Fact]
    public void Of_IsTheSha256OfTheUtf8Secret()
    {
        var secret = KeyFormat.NewSecret(KeyEnvironment.Production);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SecretHash.Of(secret));
    }

    [Fact]
    public void Matches_TheRightSecretOnly()
    {
        var secret = KeyFormat.NewSecret(KeyEnvironment.Production);
        var stored = SecretHash.Of(secret);
        Assert.True(SecretHash.Matches(secret, stored));
        Assert.False(SecretHash.Matches(secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a'), stored));
        Assert.False(SecretHash.Matches(KeyFormat.NewSecret(KeyEnvironment.Production), stored));
    }

    [Fact]
    public void Matches_RefusesOverlongInputWithoutHashingIt()
    {
        var stored = SecretHash.Of(KeyFormat.NewSecret(KeyEnvironment.Production));
        Assert.False(SecretHash.Matches(new string('a', 10_000), stored));
        Assert.False(SecretHash.Matches("", stored));
    }
}
