using Keygate.Http;

namespace Keygate.Usage;

/// <summary>The outcome of a request as usage reports it.</summary>
internal static class Outcomes
{
    public const string Ok = "ok";
    public const string ClientError = "client_error";
    public const string ServerError = "server_error";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string QuotaExceeded = "quota_exceeded";

    public static readonly string[] All = [Ok, ClientError, ServerError, Unauthenticated, Forbidden, RateLimited, QuotaExceeded];

    public static string Of(int status, string? problemCode) => status switch
    {
        < 400 => Ok,
        401 => Unauthenticated,
        403 => Forbidden,
        429 => problemCode == ProblemCodes.QuotaExceeded ? QuotaExceeded : RateLimited,
        >= 500 => ServerError,
        _ => ClientError,
    };
}
