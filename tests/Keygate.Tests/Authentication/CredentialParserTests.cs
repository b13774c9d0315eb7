using System.Text;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Keys;
using Microsoft.AspNetCore.Http;

namespace Keygate.Tests.Authentication;

public sealed class CredentialParserTests
{
    private static readonly string KeyId = KeyFormat.NewKeyId(KeyEnvironment.Production);
    private static readonly string Secret = KeyFormat.NewSecret(KeyEnvironment.Production);

    [Fact]
    public void HeaderPair_IsASecretCredential() =>
        AssertSecret(Parse(("X-API-KEY", KeyId), ("X-API-SECRET", Secret)));

    [Fact]
    public void SingleHeader_IsASecretCredential() =>
        AssertSecret(Parse(("X-API-KEY", $"{KeyId}.{Secret}")));

    [Fact]
    public void Bearer_IsASecretCredential() =>
        AssertSecret(Parse(("Authorization", $"Bearer {KeyId}.{Secret}")));

    [Fact]
    public void Basic_IsASecretCredential() =>
        AssertSecret(Parse(("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{KeyId}:{Secret}")))));

    [Fact]
    public void Signed_ReadsEveryParameter()
    {
        var mac = Convert.ToBase64String(new byte[32]);
        var credentials = Parse(("Authorization", $"KG-HMAC-SHA256 Credential={KeyId}, Timestamp=1700000000, Nonce=abcdefghijklmnop, Signature={mac}"));
        Assert.Equal(CredentialKind.Signed, credentials.Kind);
        Assert.Equal(1_700_000_000, credentials.Signed!.Timestamp);
        Assert.Equal("abcdefghijklmnop", credentials.Signed.Nonce);
    }

    [Theory]
    [InlineData("Credential=kg_live_x, Timestamp=1, Nonce=abcdefghijklmnop, Signature=AAAA")]
    [InlineData("Timestamp=1700000000, Nonce=abcdefghijklmnop, Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("Credential={key}, Timestamp=-1, Nonce=abcdefghijklmnop, Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("Credential={key}, Timestamp=1700000000, Nonce=short, Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("Credential={key}, Credential={key}, Timestamp=1700000000, Nonce=abcdefghijklmnop, Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Signed_WithABadParameter_IsMalformed(string parameters) =>
        Assert.Equal(CredentialKind.Malformed, Parse(("Authorization", "KG-HMAC-SHA256 " + parameters.Replace("{key}", KeyId, StringComparison.Ordinal))).Kind);

    [Fact]
    public void TwoForms_AreAmbiguous()
    {
        Assert.Equal(CredentialKind.Ambiguous, Parse(("X-API-KEY", $"{KeyId}.{Secret}"), ("Authorization", $"Bearer {KeyId}.{Secret}")).Kind);
        Assert.Equal(CredentialKind.Ambiguous, Parse(("X-API-KEY", $"{KeyId}.{Secret}"), ("X-API-SECRET", Secret)).Kind);
    }

    [Fact]
    public void RepeatedHeader_IsAmbiguous()
    {
        var headers = new HeaderDictionary { ["X-API-KEY"] = new([KeyId, KeyId]), ["X-API-SECRET"] = Secret };
        Assert.Equal(CredentialKind.Ambiguous, CredentialParser.Parse(headers).Kind);
    }

    [Theory]
    [InlineData("Authorization", "Bearer")]
    [InlineData("Authorization", "Bearer kg_live_only")]
    [InlineData("Authorization", "Digest something")]
    [InlineData("Authorization", "Basic !!!not-base64!!!")]
    [InlineData("X-API-SECRET", "kgs_live_alone")]
    public void Garbage_IsMalformed(string header, string value) =>
        Assert.Equal(CredentialKind.Malformed, Parse((header, value)).Kind);

    [Fact]
    public void NoHeaders_IsNone() => Assert.Equal(CredentialKind.None, CredentialParser.Parse(new HeaderDictionary()).Kind);

    [Fact]
    public void ASecretWithABrokenChecksum_IsMalformed() =>
        Assert.Equal(CredentialKind.Malformed, Parse(("X-API-KEY", KeyId), ("X-API-SECRET", Secret[..^1] + (Secret[^1] == '0' ? '1' : '0'))).Kind);

    private static Credentials Parse(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }
        return CredentialParser.Parse(dictionary);
    }

    private static void AssertSecret(Credentials credentials)
    {
        Assert.Equal(CredentialKind.Secret, credentials.Kind);
        Assert.Equal(KeyId, credentials.KeyId);
        Assert.Equal(Secret, credentials.Secret.ToString());
    }
}
