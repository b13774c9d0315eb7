using System.Globalization;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.WhatsApp.Messages;

namespace Keygate.Dashboard;

/// <summary>
/// The key form, create and edit alike, as posted. It is turned into a <see cref="KeyEdit"/> by the API's own field
/// rules, so the dashboard can never accept what <c>/v1/keys</c> would refuse; the API's error paths
/// (<c>ipAllowlist[1]</c>, <c>rateLimits[0].limit</c>) map back to these fields.
/// </summary>
internal sealed class KeyForm
{
    /// <summary>Blank rate-limit rows offered beside the key's own.</summary>
    private const int SpareRateLimitRows = 2;

    public string? Name { get; set; }
    public string Environment { get; set; } = "production";
    public string Preset { get; set; } = KeyPresets.Custom;
    public List<string> Permissions { get; set; } = [];
    public List<string> PhoneNumberIds { get; set; } = [];
    /// <summary>One CIDR block or address per line.</summary>
    public string? IpAllowlist { get; set; }
    public List<RateLimitRow> RateLimits { get; set; } = [];
    public long? RequestsPerDay { get; set; }
    public long? RequestsPerMonth { get; set; }
    public long? MessagesPerDay { get; set; }
    public long? MessagesPerMonth { get; set; }
    /// <summary>Message quotas per pricing category, one row per category in <see cref="PricingCategories.All"/>'s order.</summary>
    public List<CategoryQuotaRow> CategoryQuotas { get; set; } = [];
    /// <summary>A <c>datetime-local</c> value, read as UTC.</summary>
    public string? ExpiresAt { get; set; }
    public string Signing { get; set; } = "off";
    public string MisusePolicy { get; set; } = "alert";
    /// <summary>One <c>name:value</c> per line, as the list's label filter writes them.</summary>
    public string? Labels { get; set; }
    /// <summary>The key's ETag when the edit form was opened: an edit of a key changed since then is refused, not merged.</summary>
    public string? ETag { get; set; }

    public sealed class RateLimitRow
    {
        public string? Name { get; set; }
        public long? Limit { get; set; }
        public long? PeriodSeconds { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && Limit is null && PeriodSeconds is null;
    }

    public sealed class CategoryQuotaRow
    {
        public string Category { get; set; } = "";
        public long? PerDay { get; set; }
        public long? PerMonth { get; set; }
    }

    /// <summary>A new key's form: production, sending only, no other limits, with the spare rows.</summary>
    public static KeyForm Blank() => new KeyForm { Preset = "send", Permissions = ["messages:send"] }.WithSpareRows();

    public static KeyForm From(KeyResponse key) => new KeyForm
    {
        Name = key.Name,
        Environment = key.Environment,
        Preset = KeyPresets.Matching(PermissionCatalog.Parse(key.Permissions))?.Id ?? KeyPresets.Custom,
        Permissions = [.. key.Permissions],
        PhoneNumberIds = [.. key.PhoneNumberIds],
        IpAllowlist = string.Join('\n', key.IpAllowlist),
        RateLimits = [.. key.RateLimits.Select(r => new RateLimitRow { Name = r.Name, Limit = r.Limit, PeriodSeconds = r.PeriodSeconds })],
        RequestsPerDay = QuotaOf(key, "requests", "day"),
        RequestsPerMonth = QuotaOf(key, "requests", "month"),
        MessagesPerDay = QuotaOf(key, "messages", "day"),
        MessagesPerMonth = QuotaOf(key, "messages", "month"),
        CategoryQuotas = [.. PricingCategories.All.Select(c => new CategoryQuotaRow
        {
            Category = c,
            PerDay = QuotaOf(key, "messages:" + c, "day"),
            PerMonth = QuotaOf(key, "messages:" + c, "month"),
        })],
        ExpiresAt = key.ExpiresAt?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
        Signing = key.Signing,
        MisusePolicy = key.MisusePolicy,
        Labels = string.Join('\n', key.Labels.Select(l => $"{l.Key}:{l.Value}")),
    }.WithSpareRows();

    public KeyForm WithSpareRows()
    {
        RateLimits.RemoveAll(r => r.IsBlank);
        for (var i = 0; i < SpareRateLimitRows; i++)
        {
            RateLimits.Add(new RateLimitRow());
        }
        // Every category has its row, in the catalogue's order, whatever was posted.
        CategoryQuotas = [.. PricingCategories.All.Select(c => CategoryQuotas.FirstOrDefault(r => r.Category == c) ?? new CategoryQuotaRow { Category = c })];
        return this;
    }

    /// <summary>
    /// The form as an edit of a key, each value checked by the API's own rules. A chosen preset wins over the boxes
    /// (they agree when scripts run). The labels replace the key's, so one the person removed goes.
    /// </summary>
    public KeyEdit ToEdit(bool creating)
    {
        var edit = new KeyEdit();
        var errors = edit.Errors;
        var permissions = KeyPresets.Find(Preset) is { } preset ? PermissionCatalog.Names(preset.Permissions) : Permissions;
        edit.Name = KeyRules.Name(Name ?? "", errors);
        edit.Permissions = KeyRules.Permissions(permissions, errors);
        edit.PhoneNumberIds = JsonFields.CheckPhoneNumberIds(PhoneNumberIds, errors);
        edit.IpAllowlist = KeyRules.IpAllowlist(Lines(IpAllowlist), errors);
        edit.RateLimits = RateLimitRules(errors);
        edit.Quotas = QuotaRules(errors);
        (edit.SetsExpiry, edit.ExpiresAt) = (true, Expiry(errors));
        edit.Signing = KeyRules.Choice<SigningMode>(Signing, "signing", errors);
        edit.MisusePolicy = KeyRules.Choice<MisusePolicy>(MisusePolicy, "misusePolicy", errors);
        (edit.Labels, edit.ReplacesLabels) = (LabelEdits(errors), true);
        if (creating)
        {
            edit.Environment = KeyRules.Choice<KeyEnvironment>(Environment, "environment", errors);
        }
        return edit;
    }

    /// <summary>
    /// Which form field an API error path belongs to, with the message saying which line or row of that field
    /// it is about (the API counts the non-empty lines it was sent, as <see cref="Lines"/> does).
    /// </summary>
    public (string Field, string Message) ErrorAt(string path, string message)
    {
        var head = path.Split('[', '.')[0];
        var field = head switch
        {
            "name" => "Form.Name",
            "environment" => "Form.Environment",
            "permissions" => "Form.Permissions",
            "phoneNumberIds" => "Form.PhoneNumberIds",
            "ipAllowlist" => "Form.IpAllowlist",
            "rateLimits" => "Form.RateLimits",
            "quotas" => "Form.Quotas",
            "expiresAt" => "Form.ExpiresAt",
            "signing" => "Form.Signing",
            "misusePolicy" => "Form.MisusePolicy",
            "labels" => "Form.Labels",
            _ => "",
        };
        var index = path.IndexOf('[', StringComparison.Ordinal) is var open and >= 0
            && int.TryParse(path.AsSpan(open + 1, path.IndexOf(']', open) - open - 1), CultureInfo.InvariantCulture, out var i) ? i : (int?)null;
        var where = (head, index) switch
        {
            ("ipAllowlist", { } line) when line < Lines(IpAllowlist).Count => $"“{Lines(IpAllowlist)[line]}”: ",
            ("rateLimits", { } row) => $"Row {row + 1}: ",
            ("labels", _) when path.Length > "labels.".Length => $"“{path["labels.".Length..]}”: ",
            _ => "",
        };
        return (field, where + message);
    }

    private static long? QuotaOf(KeyResponse key, string metric, string period) =>
        key.Quotas.FirstOrDefault(q => q.Metric == metric && q.Period == period)?.Limit;

    private List<RateLimitRule> RateLimitRules(FieldErrors errors)
    {
        var rows = RateLimits.Where(r => !r.IsBlank).ToList();
        var rules = new List<RateLimitRule>();
        if (KeyRules.TooManyRows(rows.Count, "rateLimits", KeyRules.MaxRateLimits, errors))
        {
            return rules;
        }
        for (var i = 0; i < rows.Count; i++)
        {
            rules.Add(KeyRules.RateLimit($"rateLimits[{i}]", rows[i].Name?.Trim(), rows[i].Limit, rows[i].PeriodSeconds, rules, errors));
        }
        return rules;
    }

    private List<QuotaRule> QuotaRules(FieldErrors errors)
    {
        var asked = new[]
        {
            ("requests", "day", RequestsPerDay), ("requests", "month", RequestsPerMonth),
            ("messages", "day", MessagesPerDay), ("messages", "month", MessagesPerMonth),
        }.Concat(CategoryQuotas.Where(r => PricingCategories.All.Contains(r.Category))
            .SelectMany(r => new[] { ("messages:" + r.Category, "day", r.PerDay), ("messages:" + r.Category, "month", r.PerMonth) }))
            .Where(q => q.Item3 is not null).ToList();
        var rules = new List<QuotaRule>();
        if (KeyRules.TooManyRows(asked.Count, "quotas", KeyRules.MaxQuotas, errors))
        {
            return rules;
        }
        for (var i = 0; i < asked.Count; i++)
        {
            var (metric, period, limit) = asked[i];
            var path = $"quotas[{i}]";
            rules.Add(KeyRules.Quota(path, KeyRules.Choice<QuotaMetric>(metric, $"{path}.metric", errors),
                KeyRules.Choice<QuotaPeriod>(period, $"{path}.period", errors), limit, rules, errors));
        }
        return rules;
    }

    /// <summary>The <c>datetime-local</c> value as UTC to the second; an unreadable one is read as the API would read it, so its message names the problem.</summary>
    private DateTime? Expiry(FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(ExpiresAt))
        {
            return null;
        }
        if (DateTime.TryParse(ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
        }
        return KeyRules.Expiry(ExpiresAt, errors);
    }

    private Dictionary<string, string?> LabelEdits(FieldErrors errors)
    {
        // A name written twice keeps its last value, as the last member of a JSON object wins.
        var asked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(Labels))
        {
            var parts = line.Split(':', 2);
            // "team" alone has no value: read as an empty value, which the rules refuse with their own message.
            asked[parts[0].Trim()] = parts.Length == 2 ? parts[1].Trim() : "";
        }
        var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in asked)
        {
            KeyRules.Label(name, value, labels, errors);
        }
        return labels;
    }

    /// <summary>The non-empty lines of a text box, trimmed: one value each, counted as the API counts the items it is sent.</summary>
    public static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
