using Keygate.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Keygate.Tests.Dashboard;

public sealed class HostPrefixedCookiesTests
{
    private readonly HostPrefixedCookies _cookies = new("keygate_session");

    [Fact]
    public void OverHttps_TheCookieIsHostPrefixed_SecureAndForThePathRoot()
    {
        var context = Context(https: true);

        _cookies.AppendResponseCookie(context, "ignored", "ticket", new CookieOptions { Path = "/dashboard", Domain = "example.com", HttpOnly = true });

        var header = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith("__Host-keygate_session=ticket", header, StringComparison.Ordinal);
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", header + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain", header, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void OverHttps_OnlyTheHostPrefixedCookieIsRead_SoAPlainOnePlantedBesideItIsIgnored()
    {
        var context = Context(https: true);
        context.Request.Headers.Cookie = "keygate_session=planted; __Host-keygate_session=real";

        Assert.Equal("real", _cookies.GetRequestCookie(context, "ignored"));
    }

    [Fact]
    public void OverPlainHttp_TheBareNameIsUsed_BecauseBrowsersDropHostPrefixedCookiesThere()
    {
        var context = Context(https: false);
        context.Request.Headers.Cookie = "keygate_session=real";

        _cookies.AppendResponseCookie(context, "ignored", "ticket", new CookieOptions { Path = "/" });

        Assert.StartsWith("keygate_session=ticket", context.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        Assert.Equal("real", _cookies.GetRequestCookie(context, "ignored"));
    }

    private static DefaultHttpContext Context(bool https)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = https ? "https" : "http";
        return context;
    }
}
