using Keygate.Authorization;
using Keygate.Keys;

namespace Keygate.Tests.Keys;

public sealed class KeyFormatTests
{
    [Theory]
    [InlineData("production", "kg_live_", "kgs_live_")]
    [InlineData("staging", "kg_test_", "kgs_test_")]
    [InlineData("development", "kg_test_", "kgs_test_")]
    public void NewKeyAndSecret_HaveTheDocumentedShape(string environmentName, string keyPrefix, string secretPrefix)
    {
        Assert.True(KeyNames.TryParse<KeyEnvironment>(environmentName, out var environment));
        var id = KeyFormat.NewKeyId(environment);
        var secret = KeyFormat.NewSecret(environment);
        Assert.Matches($"^{keyPrefix}[0-9A-Za-z]{{22}}$", id);
        Assert.Matches($"^{secretPrefix}[0-9A-Za-z]{{46}}$", secret);
        Assert.True(KeyFormat.IsKeyId(id));
        Assert.True(KeyFormat.IsSecret(secret));
        Assert.True(KeyFormat.SameEnvironment(id, secret));
    }

    [Fact]
    public void Secret_WithAnyCharacterChanged_FailsItsChecksum()
    {
        var secret = KeyFormat.NewSecret(KeyEnvironment.Production);
        for (var i = KeyFormat.LiveSecretPrefix.Length; i < secret.Length; i++)
        {
            var changed = secret.ToCharArray();
            changed[i] = changed[i] == 'a' ? 'b' : 'a';
            Assert.False(KeyFormat.IsSecret(new string(changed)), $"a change at {i} went unnoticed");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("kg_live_")]
    [InlineData("kg_live_abc")]
    [InlineData("kg_prod_AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("kg_live_AAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("kg_live_AAAAAAAAAAAAAAAAAAAAAAA")]
    public void IsKeyId_RejectsWrongShapes(string text) => Assert.False(KeyFormat.IsKeyId(text));

    [Fact]
    public void NewSecrets_AreUnique()
    {
        var secrets = Enumerable.Range(0, 10_000).Select(_ => KeyFormat.NewSecret(KeyEnvironment.Production)).ToHashSet();
        Assert.Equal(10_000, secrets.Count);
    }

    [Fact]
    public void Hint_IsTheLastFourCharacters()
    {
        var secret = KeyFormat.NewSecret(KeyEnvironment.Staging);
        Assert.Equal(secret[^4..], KeyFormat.Hint(secret));
    }
}
