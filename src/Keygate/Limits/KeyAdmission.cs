using System.Globalization;
using Keygate.Http;
using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// The one component that charges a key's limits, for everything a key spends: its request (from
/// <see cref="LimitsMiddleware"/>), each message its request sends, and the key that <c>POST /v1/keys/verify</c>
/// checked. Puts the tightest limit of a request in <c>RateLimit-*</c> headers and answers 429 when a limit is
/// reached; quotas fail closed: if the store cannot be asked, the answer is 503.
/// </summary>
internal sealed partial class KeyAdmission(IKeyLimiter limiter, ILogger<KeyAdmission> logger)
{
    /// <summary>Charges the request to its key; false when it was refused, its answer written.</summary>
    public async ValueTask<bool> AdmitRequestAsync(HttpContext context, KeySnapshot key)
    {
        LimitDecision decision;
        try
        {
            decision = await limiter.TryAcquireAsync(key, Charge.OneRequest, context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnavailable(logger, exception, key.Id);
            // Redis (or the store, for a quota block) is away: as for any other request that needs it, come back in a second.
            await Problems.WriteUnavailableAsync(context, TimeSpan.FromSeconds(1), "Limits cannot be checked right now; the request was not carried out.");
            return false;
        }
        if (decision.Tightest is { } tightest)
        {
            WriteHeaders(context.Response, tightest);
        }
        if (decision.Allowed)
        {
            return true;
        }
        RetryAfter.Set(context.Response, decision.RetryAfter);
        var detail = decision.Code == ProblemCodes.QuotaExceeded
            ? $"The '{decision.Tightest?.Name}' quota is used up; it resets in {RetryAfter.Seconds(decision.RetryAfter)} s."
            : $"The '{decision.Tightest?.Name}' rate limit is reached; retry in {RetryAfter.Seconds(decision.RetryAfter)} s.";
        await Problems.WriteAsync(context, 429, decision.Code!, detail);
        return false;
    }

    /// <summary>
    /// Charges a message to the key of the request that sends it (a caller without a key is not charged). A refusal
    /// carries <c>Retry-After</c>; the endpoint answers it in its own surface's words.
    /// </summary>
    public async ValueTask<LimitDecision> ChargeMessageAsync(HttpContext http, string? category, CancellationToken cancellationToken)
    {
        if (http.Features.Get<KeySnapshot>() is not { } key)
        {
            return LimitDecision.Unlimited;
        }
        var decision = await limiter.TryAcquireAsync(key, new Charge(0, 1, category), cancellationToken);
        if (!decision.Allowed)
        {
            RetryAfter.Set(http.Response, decision.RetryAfter);
        }
        return decision;
    }

    /// <summary>Charges the calls a checked key makes through another service (<c>POST /v1/keys/verify</c>) to that key's own limits.</summary>
    public ValueTask<LimitDecision> ChargeVerifiedAsync(KeySnapshot key, int calls, CancellationToken cancellationToken) =>
        limiter.TryAcquireAsync(key, new Charge(calls, 0), cancellationToken);

    private static void WriteHeaders(HttpResponse response, Allowance allowance)
    {
        response.Headers["RateLimit-Limit"] = allowance.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = allowance.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = allowance.ResetSeconds.ToString(CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Limits for key {KeyId} could not be checked; failing closed")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string keyId);
}
