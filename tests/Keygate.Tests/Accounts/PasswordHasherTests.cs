using Keygate.Accounts;

namespace Keygate.Tests.Accounts;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_UsesPbkdf2Sha512At210000Iterations_AndVerifies()
    {
        var hash = PasswordHasher.Hash("a long enough password");
        Assert.StartsWith("pbkdf2-sha512$210000$", hash);
        Assert.Equal(0, PasswordHasher.IndexOfMatch("a long enough password", [hash]));
        Assert.Equal(-1, PasswordHasher.IndexOfMatch("a long enough passworD", [hash]));
        Assert.NotEqual(hash, PasswordHasher.Hash("a long enough password"));
    }

    [Fact]
    public void IndexOfMatch_WithNoStoredHash_MatchesNothing() => Assert.Equal(-1, PasswordHasher.IndexOfMatch("anything", []));

    [Fact]
    public void IndexOfMatch_FindsWhichOfOneEmailsLogins_ThePasswordIs_WithTheSaltShared()
    {
        var first = PasswordHasher.Hash("the first login's password");
        var second = PasswordHasher.Hash("the second login's password", shareSaltWith: first);

        Assert.Equal(first.Split('$')[2], second.Split('$')[2]);
        Assert.Equal(1, PasswordHasher.IndexOfMatch("the second login's password", [first, second]));
        Assert.Equal(0, PasswordHasher.IndexOfMatch("the first login's password", [first, second]));
        Assert.Equal(-1, PasswordHasher.IndexOfMatch("neither", [first, second]));
    }
}
