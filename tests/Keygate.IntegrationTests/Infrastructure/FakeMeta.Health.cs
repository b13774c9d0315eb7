using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A number's health at the fake Meta: the record <c>GET /{version}/{phone-number-id}</c> answers carries its status,
/// quality rating, messaging limit tier and name status, restricted to the <c>fields</c> asked for as Meta does.
/// </summary>
public sealed partial class FakeMeta
{
    private readonly ConcurrentDictionary<string, (string Status, string Quality, string Tier, string NameStatus)> _health = new();

    /// <summary>What Meta reports of the number from now on (until set, a connected, green number in tier 1K).</summary>
    public void SetHealth(string phoneNumberId, string status, string quality, string tier, string nameStatus = "APPROVED") =>
        _health[phoneNumberId] = (status, quality, tier, nameStatus);

    /// <summary>The token no longer reads the number (access withdrawn in Meta's Business Manager).</summary>
    public void Disowns(string accessToken, string phoneNumberId) => _owned.TryRemove((accessToken, phoneNumberId), out _);

    private JsonObject NumberRecord(string phoneNumberId, HttpRequest request)
    {
        var (status, quality, tier, nameStatus) = _health.GetValueOrDefault(phoneNumberId, ("CONNECTED", "GREEN", "TIER_1K", "APPROVED"));
        var record = new JsonObject
        {
            ["id"] = phoneNumberId,
            ["display_phone_number"] = "+1 555-555-5555",
            ["verified_name"] = "Fake Meta Business",
            ["quality_rating"] = quality,
            ["status"] = status,
            ["messaging_limit_tier"] = tier,
            ["name_status"] = nameStatus,
        };
        // Without fields Meta answers its default ones.
        var fields = request.Query["fields"].ToString() is { Length: > 0 } asked ? asked.Split(',') : ["id", "display_phone_number", "verified_name", "quality_rating"];
        foreach (var name in record.Select(p => p.Key).Where(name => name != "id" && !fields.Contains(name)).ToList())
        {
            record.Remove(name);
        }
        return record;
    }
}
