using Keygate.Http;

namespace Keygate.Authentication;

/// <summary>
/// Why authentication failed, kept on the request so the challenge answers with the right problem.
/// <c>SecretMatched</c> says whether the caller proved it holds the key's secret before being refused:
/// misuse detection tells guessing from use by it.
/// </summary>
internal sealed record AuthenticationFailure(int Status, string Code, string Detail, bool SecretMatched = true)
{
    public static readonly AuthenticationFailure Missing = new(401, ProblemCodes.MissingCredentials,
        "Send an API key and secret: X-API-KEY and X-API-SECRET, Authorization: Bearer key.secret, Basic, or a signed request.", SecretMatched: false);
    public static readonly AuthenticationFailure Invalid = new(401, ProblemCodes.InvalidCredentials, "The API key or secret is not valid.", SecretMatched: false);
    public static readonly AuthenticationFailure Ambiguous = new(400, ProblemCodes.AmbiguousCredentials,
        "The request carries more than one credential form; send exactly one.", SecretMatched: false);
    public static readonly AuthenticationFailure Revoked = new(401, ProblemCodes.KeyRevoked, "This API key has been revoked.");
    public static readonly AuthenticationFailure Disabled = new(401, ProblemCodes.KeyDisabled, "This API key is disabled.");
    public static readonly AuthenticationFailure Expired = new(401, ProblemCodes.KeyExpired, "This API key has expired.");
    public static readonly AuthenticationFailure IpNotAllowed = new(403, ProblemCodes.IpNotAllowed,
        "This API key may not be used from this address.");
    public static readonly AuthenticationFailure SigningRequired = new(401, ProblemCodes.InvalidCredentials,
        "This API key accepts signed requests only (KG-HMAC-SHA256).");
    public static readonly AuthenticationFailure StaleTimestamp = new(401, ProblemCodes.InvalidCredentials,
        $"The signed request's timestamp is more than {RequestSignature.AllowedSkewSeconds} seconds from the server's clock.");
    public static readonly AuthenticationFailure GuessingLocked = new(429, ProblemCodes.RateLimited,
        "Too many wrong secrets were tried for this API key; wrong secrets are refused for a while. The right secret still works.", SecretMatched: false);
    public static readonly AuthenticationFailure ReplayedNonce = new(401, ProblemCodes.InvalidCredentials,
        "The signed request's nonce was already used.");

    public static AuthenticationFailure Of(KeyCheck check) => check switch
    {
        KeyCheck.Revoked => Revoked,
        KeyCheck.Disabled => Disabled,
        KeyCheck.Expired => Expired,
        _ => Invalid,
    };
}
