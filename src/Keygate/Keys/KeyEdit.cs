using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Keys;

/// <summary>
/// A create or an edit of a key's settings as asked, by the API's JSON body (<see cref="KeyFields"/>) or the dashboard's
/// form: a null member leaves that setting as it is (an edit) or at its default (a create). Each reader checks every value
/// by <see cref="KeyRules"/> and leaves what it could not accept in <see cref="Errors"/>, under the setting's API path.
/// </summary>
internal sealed class KeyEdit
{
    public FieldErrors Errors { get; } = new();

    public string? Name { get; set; }
    public KeyEnvironment? Environment { get; set; }
    public List<string>? Permissions { get; set; }
    public List<string>? PhoneNumberIds { get; set; }
    public List<string>? IpAllowlist { get; set; }
    public List<RateLimitRule>? RateLimits { get; set; }
    public List<QuotaRule>? Quotas { get; set; }

    /// <summary>Whether an expiry was given at all: then a null <see cref="ExpiresAt"/> means "never".</summary>
    public bool SetsExpiry { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public SigningMode? Signing { get; set; }
    public MisusePolicy? MisusePolicy { get; set; }

    /// <summary>Labels to set, and (a null value) to remove; with <see cref="ReplacesLabels"/> every label not named goes too.</summary>
    public Dictionary<string, string?>? Labels { get; set; }
    public bool ReplacesLabels { get; set; }

    /// <summary>An RFC 7396 merge patch of the metadata object, or a JSON null that removes it.</summary>
    public JsonElement? Metadata { get; set; }

    /// <summary>
    /// The edit laid over <paramref name="draft"/> (defaults for a create, the stored key for an edit), and every error:
    /// the readers' and those only the merged result shows (an expiry in the past, too many labels, too much metadata).
    /// </summary>
    public FieldErrors ApplyTo(KeyDraft draft, DateTime now)
    {
        var errors = new FieldErrors();
        foreach (var (field, messages) in Errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
        draft.Name = Name ?? draft.Name;
        draft.Environment = Environment ?? draft.Environment;
        draft.Permissions = Permissions ?? draft.Permissions;
        draft.PhoneNumberIds = PhoneNumberIds ?? draft.PhoneNumberIds;
        draft.IpAllowlist = IpAllowlist ?? draft.IpAllowlist;
        draft.RateLimits = RateLimits ?? draft.RateLimits;
        draft.Quotas = Quotas ?? draft.Quotas;
        if (SetsExpiry)
        {
            draft.ExpiresAt = ExpiresAt;
            if (ExpiresAt <= now)
            {
                errors.Add("expiresAt", "Must be in the future.");
            }
        }
        draft.Signing = Signing ?? draft.Signing;
        draft.MisusePolicy = MisusePolicy ?? draft.MisusePolicy;
        ApplyLabels(draft.Labels, errors);
        if (Metadata is { } metadata)
        {
            draft.Metadata = MergeMetadata(draft.Metadata, metadata, errors);
        }
        return errors;
    }

    private void ApplyLabels(SortedDictionary<string, string> labels, FieldErrors errors)
    {
        if (Labels is null)
        {
            return;
        }
        if (ReplacesLabels)
        {
            labels.Clear();
        }
        foreach (var (name, value) in Labels)
        {
            if (value is null)
            {
                labels.Remove(name);
            }
            else
            {
                labels[name] = value;
            }
        }
        if (labels.Count > KeyRules.MaxLabels)
        {
            errors.Add("labels", $"At most {KeyRules.MaxLabels} labels.");
        }
    }

    private static JsonObject? MergeMetadata(JsonObject? current, JsonElement patch, FieldErrors errors)
    {
        if (patch.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var merged = JsonMergePatch.Apply(current?.DeepClone().AsObject() ?? [], patch);
        if (Encoding.UTF8.GetByteCount(merged.ToJsonString()) > KeyRules.MaxMetadataBytes)
        {
            errors.Add("metadata", $"At most {KeyRules.MaxMetadataBytes} bytes of JSON.");
        }
        return merged;
    }
}
