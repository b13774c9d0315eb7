namespace Keygate.Tests.Architecture;

/// <summary>The checker fails where it should: each rule broken once in a small made-up tree.</summary>
public sealed class ArchitectureRulesTests
{
    private static SourceFile File(string path, string text) => new(path, text);

    [Fact]
    public void AnUpwardUsing_IsReported_WithItsFileAndLine_AndTheCycleItCloses()
    {
        SourceFile[] tree =
        [
            File("Keys/CreateKey.cs", "using System.Net;\nusing Keygate.Authentication;\n\nnamespace Keygate.Keys;\n\ninternal static class CreateKey;\n"),
            File("Authentication/KeyVerifier.cs", "using Keygate.Keys;\n\nnamespace Keygate.Authentication;\n\ninternal sealed class KeyVerifier;\n"),
        ];

        var violation = Assert.Single(ArchitectureRules.Check(tree));
        Assert.Equal("Keys/CreateKey.cs:2 core folder Keys uses Authentication, a layer above it: using Keygate.Authentication;", violation.ToString());

        string[] cycle = ["Authentication", "Keys", "Authentication"];
        Assert.Equal(cycle, Assert.Single(ArchitectureRules.CoreCycles(ArchitectureRules.Edges(tree))));
    }

    [Fact]
    public void ACoreFolderNamingAFeature_IsReported_HoweverItNamesIt()
    {
        SourceFile[] tree =
        [
            File("Http/Problems.cs", "using Keygate.WhatsApp.CloudApi;\n\nnamespace Keygate.Http;\n"),
            File("Limits/AccountCaps.cs", "namespace Keygate.Limits;\n\nstatic class C { object M() => Keygate.Dashboard.DashboardPaths.Root; }\n"),
            File("Usage/UsageEndpoints.cs", "namespace Keygate.Usage;\n\nstatic class C { object M() => Accounts.Roles.Owner; }\n"),
            File("Dashboard/DashboardPaths.cs", "namespace Keygate.Dashboard;\n"),
            File("Accounts/Roles.cs", "namespace Keygate.Accounts;\n"),
            File("WhatsApp/CloudApi/MetaError.cs", "namespace Keygate.WhatsApp.CloudApi;\n"),
        ];

        string[] expected =
        [
            "Http/Problems.cs:1 core folder Http uses feature folder WhatsApp: using Keygate.WhatsApp.CloudApi;",
            "Limits/AccountCaps.cs:3 core folder Limits uses feature folder Dashboard: static class C { object M() => Keygate.Dashboard.DashboardPaths.Root; }",
            "Usage/UsageEndpoints.cs:3 core folder Usage uses feature folder Accounts: static class C { object M() => Accounts.Roles.Owner; }",
        ];
        Assert.Equal(expected, ArchitectureRules.Check(tree).Select(v => v.ToString()));
    }

    [Fact]
    public void StorageInternals_AreReported_OutsideStorage_AndInARazorPage()
    {
        SourceFile[] tree =
        [
            File("Storage/KeygateDbContext.cs", "using Keygate.Storage.Configurations;\n\nnamespace Keygate.Storage;\n"),
            File("WhatsApp/Contacts/ContactEndpoints.cs", "using Keygate.Storage.Configurations;\n\nnamespace Keygate.WhatsApp.Contacts;\n"),
            File("Dashboard/Pages/Index.cshtml", "@page\n@using Keygate.Storage.Migrations\n<p>hi</p>\n"),
        ];

        string[] expected =
        [
            "WhatsApp/Contacts/ContactEndpoints.cs:1 uses Storage's internals: using Keygate.Storage.Configurations;",
            "Dashboard/Pages/Index.cshtml:2 uses Storage's internals: @using Keygate.Storage.Migrations",
        ];
        Assert.Equal(expected, ArchitectureRules.Check(tree).Select(v => v.ToString()));
    }

    [Fact]
    public void AFileOutOfItsFoldersNamespace_IsReported_SinceTheGraphWouldLie()
    {
        SourceFile[] tree = [File("Keys/KeySnapshot.cs", "namespace Keygate.Authentication;\n")];

        Assert.Equal("Keys/KeySnapshot.cs:1 declares namespace Keygate.Authentication, not that of its folder Keys/", Assert.Single(ArchitectureRules.Check(tree)).ToString());
    }

    [Fact]
    public void Comments_DownwardUses_FeaturesUsingTheCore_AndStorage_AreAllowed()
    {
        SourceFile[] tree =
        [
            File("Keys/CreateKey.cs", "using Keygate.Audit;\nusing Keygate.Storage;\n\nnamespace Keygate.Keys;\n\n// Unlike Keygate.WhatsApp.Messages, keys are not sent anywhere.\n"),
            File("WhatsApp/Messages/SendMessage.cs", "using Keygate.Limits;\nusing Keygate.Usage;\n\nnamespace Keygate.WhatsApp.Messages;\n"),
            File("Audit/AuditLog.cs", "namespace Keygate.Audit;\n\n/// <summary>Written beside the change (<see href=\"https://example.org/a\"/>).</summary>\nstatic class AuditLog;\n"),
        ];

        Assert.Empty(ArchitectureRules.Check(tree));
    }

    [Fact]
    public void APathOutsideTheRepository_IsRecognised()
    {
        var readme = "See the " + "DESIGN" + ".md of ../" + "shared for why.";

        Assert.Equal(2, ArchitectureRules.OutsidePaths.Count(readme.Contains));
        Assert.DoesNotContain(ArchitectureRules.OutsidePaths, "See docs/ARCHITECTURE.md for why.".Contains);
    }
}
