using Keygate.Http;

namespace Keygate.Authentication;

/// <summary>
/// Refuses a request that carries credentials in its query string (400 <c>credentials_in_url</c>, README "Credentials").
/// URLs end up in proxy logs, browser history and referrers, so Keygate will not accept a secret from one
/// even when it is valid. The holder should rotate such a secret.
/// </summary>
internal static class CredentialsInUrl
{
    private static readonly HashSet<string> CredentialNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "access_token", "api_key", "apikey", "api-key", "x-api-key", "api_secret", "apisecret", "api-secret",
        "x-api-secret", "secret", "token", "key_secret",
    };

    public static IApplicationBuilder UseCredentialsInUrlGuard(this IApplicationBuilder app) =>
        app.Use((context, next) => context.Request.QueryString.HasValue && Carries(context.Request.Query)
            ? Problems.WriteAsync(context, 400, ProblemCodes.CredentialsInUrl,
                "Credentials must not be sent in the URL; send them in headers. Rotate a secret that was sent this way.")
            : next(context));

    private static bool Carries(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (CredentialNames.Contains(name))
            {
                return true;
            }
            foreach (var value in values)
            {
                if (value is not null && (value.Contains("kgs_live_", StringComparison.Ordinal) || value.Contains("kgs_test_", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
