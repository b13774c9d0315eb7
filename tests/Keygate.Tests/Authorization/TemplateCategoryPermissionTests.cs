using Keygate.Authorization;

namespace Keygate.Tests.Authorization;

/// <summary>
/// <c>messages:send-template</c> is every template category; each category's permission is a part of it, so holding the
/// whole means holding each part (a key manager may hand out one category), and a part never adds up to the whole.
/// </summary>
public sealed class TemplateCategoryPermissionTests
{
    [Fact]
    public void EveryCategory_IsPartOfSendTemplate_AndMakesAKeyTemplateOnly()
    {
        var every = PermissionCatalog.Parse(["messages:send-template"]);
        foreach (var category in new[] { "messages:send-marketing-template", "messages:send-utility-template", "messages:send-authentication-template" })
        {
            var part = PermissionCatalog.Parse([category]);
            Assert.Equal(part, every & part);
            Assert.True(part.HasFlag(Permission.MessagesSendTemplate));
        }
    }

    [Fact]
    public void TheCategoriesTogether_AreNotSendTemplate()
    {
        var some = PermissionCatalog.Parse(["messages:send-utility-template", "messages:send-authentication-template"]);
        Assert.False(some.HasFlag(PermissionCatalog.Parse(["messages:send-template"])));
        Assert.False(some.HasFlag(Permission.MarketingTemplates));
    }

    [Fact]
    public void Names_LeaveOutTheCategoriesThatSendTemplateIncludes()
    {
        Assert.Equal(["messages:send-template", "templates:read"], PermissionCatalog.Names(PermissionCatalog.Parse(["messages:send-template", "templates:read"])));
        Assert.Equal(["messages:send-utility-template", "messages:send-authentication-template"],
            PermissionCatalog.Names(PermissionCatalog.Parse(["messages:send-authentication-template", "messages:send-utility-template"])));
    }
}
