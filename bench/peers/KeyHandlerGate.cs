using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Peers;

/// <summary>
/// The same key check inside ASP.NET's model: an <see cref="AuthenticationHandler{TOptions}"/> that makes a principal,
/// and the endpoint's <c>RequireAuthorization()</c> policy. What this costs over <see cref="KeyCheckGate"/> is the
/// machinery around the check.
/// </summary>
internal static class KeyHandlerGate
{
    public const string Scheme = "ApiKey";

    public static void Add(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, KeyHandler>(Scheme, null);
        builder.Services.AddAuthorization();
    }
}

internal sealed class KeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.Verify(Request.Headers.Authorization) is not { } keyId)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, keyId)], KeyHandlerGate.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), KeyHandlerGate.Scheme)));
    }
}
