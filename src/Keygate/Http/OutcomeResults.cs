using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Http;

/// <summary>The <c>/v1</c> API's reading of an <see cref="Outcome{T}"/>: a refusal becomes its problem document.</summary>
internal static class OutcomeResults
{
    private static readonly Dictionary<OutcomeKind, int> Statuses = new()
    {
        [OutcomeKind.Invalid] = 400,
        [OutcomeKind.Refused] = 403,
        [OutcomeKind.NotFound] = 404,
        [OutcomeKind.Conflict] = 409,
        [OutcomeKind.Stale] = 412,
        [OutcomeKind.Unauthenticated] = 401,
        [OutcomeKind.Throttled] = 429,
        [OutcomeKind.Unavailable] = 503,
    };

    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome)
    {
        if (outcome.Succeeded)
        {
            throw new InvalidOperationException("A successful outcome has no problem document.");
        }
        return outcome.Errors is { } errors ? Problems.Invalid(errors) : Problems.Create(Statuses[outcome.Kind], outcome.Code!, outcome.Detail!);
    }

    /// <summary>200 with the outcome's value, or the refusal's problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();

    /// <summary>200 with the version's value and its <c>ETag</c> header, or the refusal's problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToVersionedOk<T>(this Outcome<Versioned<T>> outcome, HttpResponse response) =>
        outcome.Succeeded ? TypedResults.Ok(outcome.Value!.WithETag(response)) : outcome.ToProblem();

    /// <summary>201 with the version's value, its <c>ETag</c> header and its address, or the refusal's problem.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToVersionedCreated<T>(this Outcome<Versioned<T>> outcome, HttpResponse response, Func<T, string> location)
    {
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }
        var created = outcome.Value!.WithETag(response);
        return TypedResults.Created(location(created), created);
    }

    /// <summary>Writes the version's <c>ETag</c> on the response and gives the value to answer with.</summary>
    public static T WithETag<T>(this Versioned<T> version, HttpResponse response)
    {
        response.Headers.ETag = version.ETag;
        return version.Value;
    }

    /// <summary>The refusal's problem, with <c>Retry-After</c> on the response when the outcome says when to come back.</summary>
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome, HttpResponse response)
    {
        if (outcome.RetryAfter is { } wait)
        {
            RetryAfter.Set(response, wait);
        }
        return outcome.ToProblem();
    }
}
