using System.Net;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Keys;

namespace Keygate.Tests.Authentication;

public sealed class KeyCheckTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Secret = KeyFormat.NewSecret(KeyEnvironment.Production);
    private static readonly string Previous = KeyFormat.NewSecret(KeyEnvironment.Production);

    [Theory]
    [InlineData("Active", null, "Valid")]
    [InlineData("Disabled", null, "Disabled")]
    [InlineData("Revoked", null, "Revoked")]
    [InlineData("Active", -1, "Expired")]
    [InlineData("Active", 1, "Valid")]
    public void RightSecret_ThenStatusDecides(string status, int? expiresInSeconds, string expected)
    {
        var key = Key(Enum.Parse<KeyStatus>(status), expiresAt: expiresInSeconds is { } s ? Now.AddSeconds(s) : null);
        Assert.Equal(Enum.Parse<KeyCheck>(expected), KeyVerifier.CheckSecret(key, Secret, Now));
    }

    [Fact]
    public void WrongSecret_RevealsNothingAboutStatus()
    {
        foreach (var status in new[] { KeyStatus.Active, KeyStatus.Disabled, KeyStatus.Revoked })
        {
            Assert.Equal(KeyCheck.InvalidCredentials, KeyVerifier.CheckSecret(Key(status), KeyFormat.NewSecret(KeyEnvironment.Production), Now));
        }
    }

    [Fact]
    public void PreviousSecret_WorksOnlyWithinItsGracePeriod()
    {
        Assert.Equal(KeyCheck.Valid, KeyVerifier.CheckSecret(Key(previousUntil: Now.AddSeconds(1)), Previous, Now));
        Assert.Equal(KeyCheck.InvalidCredentials, KeyVerifier.CheckSecret(Key(previousUntil: Now), Previous, Now));
    }

    [Theory]
    [InlineData("203.0.113.7", true)]
    [InlineData("::ffff:203.0.113.7", true)]
    [InlineData("198.51.100.1", false)]
    [InlineData("2001:db8::1", true)]
    public void AllowsAddress_ChecksEveryBlock(string address, bool allowed)
    {
        var key = Key(allowlist: [IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("2001:db8::/32")]);
        Assert.Equal(allowed, key.AllowsAddress(IPAddress.Parse(address)));
    }

    private static KeySnapshot Key(KeyStatus status = KeyStatus.Active, DateTime? expiresAt = null, DateTime? previousUntil = null, IPNetwork[]? allowlist = null) => new()
    {
        Id = "kg_live_x",
        AccountId = "acc_1",
        Status = status,
        ExpiresAt = expiresAt,
        IpAllowlist = allowlist ?? [],
        PhoneNumberIds = [],
        RateLimits = [],
        Quotas = [],
        SecretHash = SecretHash.Of(Secret),
        PreviousSecretHash = previousUntil is null ? null : SecretHash.Of(Previous),
        PreviousSecretExpiresAt = previousUntil,
    };
}
