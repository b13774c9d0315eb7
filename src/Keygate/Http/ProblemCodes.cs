namespace Keygate.Http;

/// <summary>The stable <c>code</c> values of Keygate's problem documents (README, "Credentials", and docs/WHATSAPP.md, "Errors").</summary>
public static class ProblemCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string AmbiguousCredentials = "ambiguous_credentials";
    public const string CredentialsInUrl = "credentials_in_url";
    public const string MissingCredentials = "missing_credentials";
    public const string InvalidCredentials = "invalid_credentials";
    public const string KeyDisabled = "key_disabled";
    public const string KeyExpired = "key_expired";
    public const string KeyRevoked = "key_revoked";
    public const string InsufficientPermissions = "insufficient_permissions";
    public const string IpNotAllowed = "ip_not_allowed";
    public const string PhoneNumberNotAllowed = "phone_number_not_allowed";
    public const string RecipientNotAllowed = "recipient_not_allowed";
    public const string EnvironmentNotAllowed = "environment_not_allowed";
    public const string PasswordChangeRequired = "password_change_required";
    public const string CrossSiteRequest = "cross_site_request";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string PreconditionFailed = "precondition_failed";
    public const string RateLimited = "rate_limited";
    public const string QuotaExceeded = "quota_exceeded";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal_error";

    // 409: the account holds as much as its cap (AccountCaps) allows; one code per kind of object.
    public const string KeyLimitReached = "key_limit_reached";
    public const string TemplateLimitReached = "template_limit_reached";
    public const string ContactLimitReached = "contact_limit_reached";
    public const string MediaStorageFull = "media_storage_full";
    public const string WebhookLimitReached = "webhook_limit_reached";

    // A send's Idempotency-Key: 409 while its first request has no answer yet; 422 when it was used for another request.
    public const string RequestInProgress = "request_in_progress";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
}

