using System.Text.Json.Nodes;
using Keygate.Dashboard;
using Keygate.Keys;

namespace Keygate.Tests.Dashboard;

public sealed class KeyFormTests
{
    [Fact]
    public void ToBody_SendsThePresetsPermissions_NotTheBoxes()
    {
        var form = new KeyForm { Name = "crm", Preset = "templates", Permissions = ["keys:manage"] };

        var permissions = form.ToBody(creating: true)["permissions"]!.AsArray().Select(p => p!.GetValue<string>());

        Assert.Equal(["messages:send-template", "templates:read"], permissions);
    }

    [Fact]
    public void ToBody_ReadsLinesAndSkipsBlankRows()
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

        var body = form.ToBody(creating: true);

        Assert.Equal("""["203.0.113.0/24","10.0.0.0/8"]""", body["ipAllowlist"]!.ToJsonString());
        Assert.Equal("""{"team":"billing","application":"crm"}""", body["labels"]!.ToJsonString());
        Assert.Equal("""[{"name":"per-second","limit":10,"periodSeconds":1}]""", body["rateLimits"]!.ToJsonString());
        Assert.Equal("""[{"metric":"messages","period":"day","limit":500}]""", body["quotas"]!.ToJsonString());
        Assert.Equal("2027-01-31T18:30:00Z", body["expiresAt"]!.GetValue<string>());
        Assert.Equal("production", body["environment"]!.GetValue<string>());
    }

    [Fact]
    public void ToBody_OnEdit_RemovesTheLabelsThePersonDeleted_AndLeavesTheEnvironmentAlone()
    {
        var form = new KeyForm { Name = "crm", Labels = "team:billing" };

        var body = form.ToBody(creating: false, labelsBefore: new Dictionary<string, string> { ["team"] = "sales", ["application"] = "crm" });

        Assert.Equal("""{"team":"billing","application":null}""", body["labels"]!.ToJsonString());
        Assert.False(body.ContainsKey("environment"));
    }

    [Fact]
    public void ToBody_AnUnreadableExpiry_IsPassedOnForTheApiToName()
    {
        var body = new KeyForm { Name = "crm", ExpiresAt = "next tuesday" }.ToBody(creating: true);

        Assert.Equal("next tuesday", body["expiresAt"]!.GetValue<string>());
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
        Assert.Equal(JsonNode.Parse("""["messages:read","media:read"]""")!.ToJsonString(), form.ToBody(false)["permissions"]!.ToJsonString());
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
        Assert.Equal("""[{"metric":"messages","period":"day","limit":500},{"metric":"messages:marketing","period":"month","limit":100}]""",
            form.ToBody(false)["quotas"]!.ToJsonString());
    }
}
