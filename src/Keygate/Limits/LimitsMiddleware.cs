using System.Globalization;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.AspNetCore.Authorization;

namespace Keygate.Limits;

/// <summary>
/// Runs after authorization, so a request refused for its credentials or permissions spends nothing.
/// Puts the tightest limit in <c>RateLimit-*</c> headers on every key-authenticated response and answers
/// 429 when a limit is reached. Quotas fail closed: if the store cannot be asked, the answer is 503.
/// </summary>
internal sealed partial class LimitsMiddleware(RequestDelegate next, KeyLimiter limiter, ILogger<LimitsMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Only calls that need a caller spend its allowance: a key sent to an anonymous endpoint (/healthz) spends nothing.
        if (context.Features.Get<KeySnapshot>() is not { } key || context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            await next(context);
            return;
        }
        LimitDecision decision;
        try
        {
            decision = await limiter.TryAcquireAsync(key, Charge.OneRequest, context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnavailable(logger, exception, key.Id);
            await Problems.WriteAsync(context, 503, ProblemCodes.Unavailable, "Limits cannot be checked right now; the request was not carried out.");
            return;
        }
        if (decision.Tightest is { } tightest)
        {
            WriteHeaders(context.Response, tightest);
        }
        if (!decision.Allowed)
        {
            context.Response.Headers.RetryAfter = Seconds(decision.RetryAfter);
            var detail = decision.Code == ProblemCodes.QuotaExceeded
                ? $"The '{decision.Tightest?.Name}' quota is used up; it resets in {Seconds(decision.RetryAfter)} s."
                : $"The '{decision.Tightest?.Name}' rate limit is reached; retry in {Seconds(decision.RetryAfter)} s.";
            await Problems.WriteAsync(context, 429, decision.Code!, detail);
            return;
        }
        await next(context);
    }

    public static void WriteHeaders(HttpResponse response, Allowance allowance)
    {
        response.Headers["RateLimit-Limit"] = allowance.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = allowance.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = allowance.ResetSeconds.ToString(CultureInfo.InvariantCulture);
    }

    private static string Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Limits for key {KeyId} could not be checked; failing closed")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string keyId);
}
