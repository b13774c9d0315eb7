using System.Globalization;

namespace Keygate.Http;

internal sealed class StrictTransportSecurityOptions
{
    public const string Section = "Http:Hsts";

    /// <summary>How long a browser keeps to HTTPS after an answer over HTTPS; 0 tells it to forget (how HSTS is withdrawn).</summary>
    public int MaxAgeSeconds { get; set; } = 365 * 24 * 60 * 60;

    /// <summary>Also for every subdomain of the host: only when all of them are served over HTTPS.</summary>
    public bool IncludeSubDomains { get; set; }
}

internal static class StrictTransportSecurity
{
    /// <summary>
    /// <c>Strict-Transport-Security</c> on every answer to a request that came over HTTPS, directly or through a trusted
    /// proxy that terminated TLS (<see cref="TrustedProxies"/>); never over plain HTTP, where it means nothing. Unlike
    /// ASP.NET's <c>UseHsts</c>, which templates switch off in Development and which skips loopback host names, it holds in
    /// every environment and for every host: a proxy on the same machine is how many operators terminate TLS.
    /// Added as the answer starts, so error answers carry it too.
    /// </summary>
    public static IApplicationBuilder UseKeygateHsts(this WebApplication app)
    {
        var options = app.Configuration.GetSection(StrictTransportSecurityOptions.Section).Get<StrictTransportSecurityOptions>() ?? new StrictTransportSecurityOptions();
        if (options.MaxAgeSeconds < 0)
        {
            throw new InvalidOperationException($"{StrictTransportSecurityOptions.Section}:MaxAgeSeconds must be 0 or more.");
        }
        var value = "max-age=" + options.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture) + (options.IncludeSubDomains ? "; includeSubDomains" : "");
        return app.Use((context, next) =>
        {
            if (context.Request.IsHttps)
            {
                context.Response.OnStarting(static state =>
                {
                    var (response, header) = ((HttpResponse, string))state;
                    response.Headers.StrictTransportSecurity = header;
                    return Task.CompletedTask;
                }, (context.Response, value));
            }
            return next(context);
        });
    }
}
