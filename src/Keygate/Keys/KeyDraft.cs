using System.Text.Json.Nodes;
using Keygate.Authorization;

namespace Keygate.Keys;

/// <summary>
/// The editable settings of a key while a create or an edit is being read and checked. Create starts from
/// defaults, edit from the stored key; both go through <see cref="KeyFields"/> and end in <see cref="ApplyTo"/>.
/// </summary>
internal sealed class KeyDraft
{
    public string? Name { get; set; }
    public KeyEnvironment? Environment { get; set; }
    public List<string> Permissions { get; set; } = [];
    public List<string> PhoneNumberIds { get; set; } = [];
    public List<string> IpAllowlist { get; set; } = [];
    public List<RateLimitRule> RateLimits { get; set; } = [];
    public List<QuotaRule> Quotas { get; set; } = [];
    public DateTime? ExpiresAt { get; set; }
    public SigningMode Signing { get; set; }
    public MisusePolicy MisusePolicy { get; set; }
    public SortedDictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);
    public JsonObject? Metadata { get; set; }

    public static KeyDraft From(ApiKey key) => new()
    {
        Name = key.Name,
        Environment = key.Environment,
        Permissions = [.. key.Permissions],
        PhoneNumberIds = [.. key.PhoneNumberIds],
        IpAllowlist = [.. key.IpAllowlist],
        RateLimits = [.. key.RateLimits.Select(r => new RateLimitRule { Name = r.Name, Limit = r.Limit, PeriodSeconds = r.PeriodSeconds })],
        Quotas = [.. key.Quotas.Select(q => new QuotaRule { Metric = q.Metric, Limit = q.Limit, Period = q.Period })],
        ExpiresAt = key.ExpiresAt,
        Signing = key.Signing,
        MisusePolicy = key.MisusePolicy,
        Labels = new(key.Labels.ToDictionary(l => l.Name, l => l.Value), StringComparer.Ordinal),
        Metadata = key.Metadata is null ? null : JsonNode.Parse(key.Metadata)?.AsObject(),
    };

    public void ApplyTo(ApiKey key)
    {
        key.Name = Name!;
        key.Permissions = Permissions;
        key.PhoneNumberIds = PhoneNumberIds;
        key.IpAllowlist = IpAllowlist;
        key.RateLimits = RateLimits;
        key.Quotas = Quotas;
        key.ExpiresAt = ExpiresAt;
        key.Signing = Signing;
        key.MisusePolicy = MisusePolicy;
        key.Metadata = Metadata?.ToJsonString();
        // Labels are owned rows: edit the tracked collection in place so EF deletes and inserts only what changed.
        key.Labels.RemoveAll(label => !Labels.ContainsKey(label.Name));
        foreach (var (name, value) in Labels)
        {
            if (key.Labels.Find(label => label.Name == name) is { } existing)
            {
                existing.Value = value;
            }
            else
            {
                key.Labels.Add(new KeyLabel { Name = name, Value = value });
            }
        }
    }
}
