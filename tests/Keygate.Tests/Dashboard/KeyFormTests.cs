using Keygate.Authorization;
using Keygate.Dashboard;
using Keygate.Keys;

namespace Keygate.Tests.Dashboard;

public sealed class KeyFormTests
{
    [Fact]
    public void ToEdit_TakesThePresetsPermissions_NotTheBoxes()
    {
        var form = new KeyForm { Name = "crm", Preset = "templates", Permissions = ["keys:manage"] };

        var edit = form.ToEdit(creating: true);

        Assert.Equal(["messages:send-template", "templates:read"], edit.Permissions);
    }

    [Fact]
    public void ToEdit_ReadsLinesAndSkipsBlankRows()
    {
        var form = new KeyForm
        {
            Name = "crm",
            IpAllowlist = " 203.0.113.0/24 \n\n10.0.0.0/8\n",
            Labels = "team: billing\napplication:crm",
            RateLimits = [new() { Name = "per-second", Limit = 10, PeriodSeconds = 1 }, new()],
            MessagesPerDay = 500,
            ExpiresAt = "2027-01-31T18:30",
        };

        var edit = form.ToEdit(creating: true);

        Assert.False(edit.Errors.Any);
        Assert.Equal(["203.0.113.0/24", "10.0.0.0/8"], edit.IpAllowlist);
        Assert.Equal(new Dictionary<string, string?> { ["team"] = "billing", ["application"] = "crm" }, edit.Labels);
        Assert.Equal([("per-second", 10L, 1)], edit.RateLimits!.Select(r => (r.Name, r.Limit, r.PeriodSeconds)));
        Assert.Equal([(QuotaMetric.Messages, QuotaPeriod.Day, 500L)], edit.Quotas!.Select(q => (q.Metric, q.Period, q.Limit)));
        Assert.Equal(new DateTime(2027, 1, 31, 18, 30, 0, DateTimeKind.Utc), edit.ExpiresAt);
        Assert.Equal(DateTimeKind.Utc, edit.ExpiresAt!.Value.Kind);
        Assert.Equal(KeyEnvironment.Production, edit.Environment);
    }

    [Fact]
    public void ToEdit_OnEdit_RemovesTheLabelsThePersonDeleted_AndLeavesTheEnvironmentAlone()
    {
        var form = new KeyForm { Name = "crm", Labels = "team:billing" };
        var draft = new KeyDraft
        {
            Environment = KeyEnvironment.Staging,
            Labels = new(new Dictionary<string, string> { ["team"] = "sales", ["application"] = "crm" }, StringComparer.Ordinal),
        };

        var edit = form.ToEdit(creating: false);
        var errors = edit.ApplyTo(draft, DateTime.UtcNow);

        Assert.False(errors.Any);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "billing" }, draft.Labels);
        Assert.Null(edit.Environment);
        Assert.Equal(KeyEnvironment.Staging, draft.Environment);
    }

    [Fact]
    public void ToEdit_AnUnreadableExpiry_IsRefusedWithTheApisMessage()
    {
        var edit = new KeyForm { Name = "crm", ExpiresAt = "next tuesday" }.ToEdit(creating: true);

        Assert.Equal([KeyRules.ExpiryFormat], edit.Errors.ToDictionary()["expiresAt"]);
    }

    [Theory]
    [InlineData("ipAllowlist[1]", "Form.IpAllowlist", "“10.1.2.3/8”: bad")]
    [InlineData("rateLimits[0].limit", "Form.RateLimits", "Row 1: bad")]
    [InlineData("labels.team", "Form.Labels", "“team”: bad")]
    [InlineData("name", "Form.Name", "bad")]
    [InlineData("metadata", "", "bad")]
    public void ErrorAt_PutsTheApisMessageBesideItsFieldSayingWhichLine(string path, string field, string message)
    {
        var form = new KeyForm { IpAllowlist = "203.0.113.0/24\n10.1.2.3/8" };

        Assert.Equal((field, message), form.ErrorAt(path, "bad"));
    }

    [Fact]
    public void From_FillsTheFormFromTheKey_WithSpareRateLimitRows()
    {
        var key = new KeyResponse("kg_live_x", "crm", "staging", "active", ["messages:read", "media:read"], ["123"], ["10.0.0.0/8"],
            [new RateLimitContract("per-minute", 60, 60)], [new QuotaContract("requests", 100, "day")], null, "allowed", "disable",
            new Dictionary<string, string> { ["team"] = "billing" }, null, "abcd", DateTime.UtcNow, DateTime.UtcNow, null, null, null);

        var form = KeyForm.From(key);

        Assert.Equal(KeyPresets.Custom, form.Preset);
        Assert.Equal(3, form.RateLimits.Count);
        Assert.Equal(100, form.RequestsPerDay);
        Assert.Equal("team:billing", form.Labels);
        Assert.Equal("10.0.0.0/8", form.IpAllowlist);
        Assert.Equal(["messages:read", "media:read"], form.ToEdit(false).Permissions);
    }

    [Fact]
    public void CategoryQuotas_SurviveAnEdit_InTheFormsRows()
    {
        var key = new KeyResponse("kg_live_x", "crm", "production", "active", ["messages:send"], [], [], [],
            [new QuotaContract("messages", 500, "day"), new QuotaContract("messages:marketing", 100, "month")], null, "off", "alert",
            new Dictionary<string, string>(), null, "abcd", DateTime.UtcNow, DateTime.UtcNow, null, null, null);

        var form = KeyForm.From(key);

        Assert.Equal(["marketing", "utility", "authentication", "service"], form.CategoryQuotas.Select(r => r.Category));
        Assert.Equal(100, form.CategoryQuotas[0].PerMonth);
        Assert.Equal([(QuotaMetric.Messages, QuotaPeriod.Day, 500L), (QuotaMetric.MarketingMessages, QuotaPeriod.Month, 100L)],
            form.ToEdit(false).Quotas!.Select(q => (q.Metric, q.Period, q.Limit)));
    }
}
