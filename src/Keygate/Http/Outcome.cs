namespace Keygate.Http;

/// <summary>How a lifecycle operation ended, whoever asked: the <c>/v1</c> API maps it to HTTP, the dashboard to a form.</summary>
internal enum OutcomeKind
{
    Done,
    /// <summary>The request was read but some fields are wrong; <see cref="Outcome{T}.Errors"/> says which.</summary>
    Invalid,
    NotFound,
    /// <summary>The caller may not do this (a permission it lacks, an environment it cannot reach).</summary>
    Refused,
    /// <summary>The resource's state forbids it (a name taken, a revoked key).</summary>
    Conflict,
    /// <summary>The resource changed since the caller read it.</summary>
    Stale,
    /// <summary>The credentials offered prove nobody (a login's e-mail and password).</summary>
    Unauthenticated,
    /// <summary>Too many attempts: the caller waits <see cref="Outcome{T}.RetryAfter"/> first.</summary>
    Throttled,
    /// <summary>Something the operation needs (Meta, a free hashing slot) did not answer; the same request may succeed later.</summary>
    Unavailable,
}

/// <summary>
/// The result of a lifecycle operation (create, update, rotate, disable, …). Refusals carry the stable problem
/// <see cref="Code"/> and a human <see cref="Detail"/>, never an HTTP type, so a page and an endpoint read the same thing.
/// </summary>
internal sealed record Outcome<T>(OutcomeKind Kind, T? Value, string? Code = null, string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Kind is OutcomeKind.Done;

    /// <summary>This failure, passed on as the outcome of an operation that relied on this one.</summary>
    public Refusal AsRefusal() => Succeeded
        ? throw new InvalidOperationException("A successful outcome is no refusal.")
        : new(Kind, Code!, Detail!, Errors, RetryAfter);

    public static implicit operator Outcome<T>(Refusal refusal) =>
        new(refusal.Kind, default, refusal.Code, refusal.Detail, refusal.Errors, refusal.RetryAfter);
}

/// <summary>A failed <see cref="Outcome{T}"/> before its value type is known, so helpers can return one refusal for any operation.</summary>
internal sealed record Refusal(OutcomeKind Kind, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null)
{
    public static Refusal Invalid(FieldErrors errors) => new(OutcomeKind.Invalid, ProblemCodes.InvalidRequest, "One or more fields are invalid.", errors.ToDictionary());

    public static Refusal Invalid(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static Refusal NotFound(string what) => new(OutcomeKind.NotFound, ProblemCodes.NotFound, $"No such {what}.");

    public static Refusal Forbidden(string code, string detail) => new(OutcomeKind.Refused, code, detail);

    public static Refusal Conflict(string detail) => new(OutcomeKind.Conflict, ProblemCodes.Conflict, detail);

    public static Refusal Conflict(string code, string detail) => new(OutcomeKind.Conflict, code, detail);

    public static Refusal Unauthenticated(string code, string detail) => new(OutcomeKind.Unauthenticated, code, detail);

    public static Refusal Throttled(string detail, TimeSpan retryAfter) => new(OutcomeKind.Throttled, ProblemCodes.RateLimited, detail, RetryAfter: retryAfter);

    public static Refusal Unavailable(string detail, TimeSpan? retryAfter = null) => new(OutcomeKind.Unavailable, ProblemCodes.Unavailable, detail, RetryAfter: retryAfter);

    public static readonly Refusal Stale = new(OutcomeKind.Stale, ProblemCodes.PreconditionFailed,
        "The resource has changed since it was read; fetch it again and retry.");
}

internal static class Outcome
{
    public static Outcome<T> Done<T>(T value) => new(OutcomeKind.Done, value);
}
