using Keygate.Http;

namespace Keygate.Authentication;

/// <summary>The answer to a request whose credentials are missing or refused.</summary>
internal static class CredentialChallenge
{
    /// <summary>
    /// Every credential form Keygate accepts, as authentication schemes (RFC 9110 §11.6.1: a 401 names them). The
    /// <c>X-API-KEY</c> headers are no scheme; the same key and secret go in Bearer or Basic.
    /// </summary>
    public const string Schemes = "Bearer realm=\"keygate\", Basic realm=\"keygate\", " + CredentialParser.SignedScheme + " realm=\"keygate\"";

    /// <summary>The problem (Meta's envelope on the Cloud API surface), with <c>WWW-Authenticate</c> when it is a 401.</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = Schemes;
        }
        return Problems.WriteAsync(context, status, code, detail);
    }
}
