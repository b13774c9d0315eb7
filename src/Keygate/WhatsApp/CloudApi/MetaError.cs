using System.Diagnostics;
using System.Text.Json.Serialization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.WhatsApp.CloudApi;

/// <summary>Meta's error envelope, so that Cloud API clients parse Keygate's errors as they parse Meta's.</summary>
public sealed record MetaErrorEnvelope(MetaError Error);

public sealed record MetaError(
    string Message,
    string Type,
    int Code,
    [property: JsonPropertyName("error_subcode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ErrorSubcode,
    [property: JsonPropertyName("error_data")] MetaErrorData ErrorData,
    [property: JsonPropertyName("fbtrace_id")] string FbtraceId);

/// <summary>
/// <c>details</c> is a sentence for people, as in Meta's own errors; <c>keygate_code</c> is Keygate's stable code (<see cref="ProblemCodes"/>),
/// next to Meta's numeric one, for programs that want to tell Keygate's refusals apart.
/// </summary>
public sealed record MetaErrorData(
    [property: JsonPropertyName("messaging_product")] string MessagingProduct,
    string Details,
    [property: JsonPropertyName("keygate_code")] string KeygateCode);

/// <summary>Builds Meta-shaped errors for the Cloud API surface, from Meta's codes or from Keygate's problem codes.</summary>
internal static class MetaErrors
{
    // Meta's codes for the situations Keygate's own codes name.
    public const int InvalidParameter = 100;
    public const int ParameterValueInvalid = 131009;
    public const int TemplateParameterCount = 132000;
    public const int TemplateMissing = 132001;
    public const int TemplateParameterFormat = 132012;
    public const int OutsideWindow = 131047;
    public const int Throughput = 130429;
    public const int OptedOut = 131050;
    public const int Undeliverable = 131026;

    /// <summary>An error answer; also records Keygate's code for usage and misuse, as problem documents do.</summary>
    public static JsonHttpResult<MetaErrorEnvelope> Result(HttpContext http, int status, int metaCode, string message, string details, int? subcode = null,
        string type = "OAuthException")
    {
        http.Features.Set(new ProblemCode(details));
        return TypedResults.Json(Envelope(http, metaCode, message, details, subcode, type), statusCode: status);
    }

    /// <summary>
    /// Meta's answer for an object id it does not know (400, GraphMethodException, 100/33), also for one of another
    /// account or outside the key's numbers: the three are never told apart.
    /// </summary>
    public static JsonHttpResult<MetaErrorEnvelope> NotFound(HttpContext http, string id) =>
        Result(http, 400, InvalidParameter, $"Unsupported request. Object with ID '{id}' does not exist or cannot be used by this key.",
            ProblemCodes.NotFound, 33, "GraphMethodException");

    /// <summary>A native problem (authentication, permission, limits) told in Meta's terms.</summary>
    public static MetaErrorEnvelope FromProblem(HttpContext http, string problemCode, string detail)
    {
        var (code, subcode) = problemCode switch
        {
            ProblemCodes.MissingCredentials or ProblemCodes.InvalidCredentials or ProblemCodes.KeyDisabled
                or ProblemCodes.KeyExpired or ProblemCodes.KeyRevoked => (190, (int?)null),
            ProblemCodes.InsufficientPermissions or ProblemCodes.IpNotAllowed
                or ProblemCodes.PhoneNumberNotAllowed or ProblemCodes.RecipientNotAllowed or ProblemCodes.EnvironmentNotAllowed
                or ProblemCodes.CrossSiteRequest => (200, null),
            ProblemCodes.RateLimited => (Throughput, null),
            ProblemCodes.QuotaExceeded => (4, null),
            ProblemCodes.NotFound => (InvalidParameter, 33),
            ProblemCodes.Unavailable => (2, null),
            ProblemCodes.Internal => (1, null),
            _ => (InvalidParameter, null),
        };
        return Envelope(http, code, detail, problemCode, subcode);
    }

    private static MetaErrorEnvelope Envelope(HttpContext http, int code, string message, string details, int? subcode, string type = "OAuthException") =>
        Envelope(TraceIdOf(http), code, message, details, subcode, type);

    /// <summary>An envelope made after its request has ended (a send's late outcome, kept under its Idempotency-Key), with that request's trace id.</summary>
    public static MetaErrorEnvelope Envelope(string traceId, int code, string message, string details, int? subcode = null, string type = "OAuthException") =>
        new(new MetaError($"(#{code}) {message}", type, code, subcode, new MetaErrorData("whatsapp", message, details), traceId));

    public static string TraceIdOf(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
