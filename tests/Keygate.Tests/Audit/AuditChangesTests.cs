using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Keys;

namespace Keygate.Tests.Audit;

public sealed class AuditChangesTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Between_ListsOnlyTheFieldsThatDiffer_WithBeforeAndAfter()
    {
        var before = new JsonObject { ["name"] = "crm", ["permissions"] = new JsonArray("keys:read"), ["labels"] = new JsonObject { ["team"] = "a" } };
        var after = new JsonObject { ["name"] = "crm", ["permissions"] = new JsonArray("keys:read", "usage:read"), ["labels"] = new JsonObject { ["team"] = "a" } };

        var changes = AuditChanges.Between(before, after);

        Assert.Equal("""{"permissions":{"before":["keys:read"],"after":["keys:read","usage:read"]}}""", changes.ToJsonString());
    }

    [Fact]
    public void Between_FromNothing_RecordsEachValueAsAnAfter_AndLeavesOutWhatIsUnset()
    {
        var changes = AuditChanges.Between(null, new JsonObject { ["name"] = "crm", ["expiresAt"] = null });
        Assert.Equal("""{"name":{"before":null,"after":"crm"}}""", changes.ToJsonString());
    }

    [Fact]
    public void KeySnapshot_HoldsTheSettings_NeverTheSecretItsHashOrItsCiphertext()
    {
        var secret = KeyFormat.NewSecret(KeyEnvironment.Production);
        var previous = KeyFormat.NewSecret(KeyEnvironment.Production);
        var key = new ApiKey
        {
            Id = KeyFormat.NewKeyId(KeyEnvironment.Production),
            AccountId = "acc_test",
            Name = "crm",
            Environment = KeyEnvironment.Production,
            Status = KeyStatus.Active,
            Permissions = ["keys:read"],
            Signing = SigningMode.Allowed,
            SecretHash = SecretHash.Of(secret),
            SecretHint = KeyFormat.Hint(secret),
            EncryptedSecret = RandomNumberGenerator.GetBytes(60),
            PreviousSecretHash = SecretHash.Of(previous),
            PreviousEncryptedSecret = RandomNumberGenerator.GetBytes(60),
            PreviousSecretExpiresAt = Now.AddHours(1),
            CreatedAt = Now,
            UpdatedAt = Now,
        };

        var snapshot = KeyChanges.Snapshot(key, Now);
        var json = snapshot.ToJsonString();

        Assert.Equal("crm", snapshot["name"]!.GetValue<string>());
        Assert.False(snapshot.ContainsKey("id"));
        Assert.False(snapshot.ContainsKey("updatedAt"));
        foreach (var forbidden in new[] { secret, previous })
        {
            Assert.DoesNotContain(forbidden, json, StringComparison.Ordinal);
        }
        foreach (var bytes in new[] { key.SecretHash, key.EncryptedSecret, key.PreviousSecretHash, key.PreviousEncryptedSecret })
        {
            Assert.DoesNotContain(Convert.ToBase64String(bytes), json, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(bytes), json, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain(snapshot, field => field.Key.Contains("hash", StringComparison.OrdinalIgnoreCase)
            || field.Key.Contains("encrypted", StringComparison.OrdinalIgnoreCase) || field.Key == "apiSecret");
    }
}
