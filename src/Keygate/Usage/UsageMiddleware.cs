using System.Collections.Concurrent;
using Keygate.Authentication;
using Microsoft.AspNetCore.Http.Metadata;

namespace Keygate.Usage;

/// <summary>
/// Records every request made with a key once its response is known: successes, refusals, and failed
/// attempts against a real key id (counted against that key, as "unauthenticated").
/// </summary>
internal sealed class UsageMiddleware(RequestDelegate next, UsageRecorder recorder)
{
    private static readonly ConcurrentDictionary<Endpoint, string> Groups = new();

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var key = context.Features.Get<KeySnapshot>() ?? context.Features.Get<RejectedKey>()?.Key;
            if (key is not null)
            {
                var outcome = Outcomes.Of(context.Response.StatusCode, context.Features.Get<ProblemCode>()?.Code);
                recorder.Record(key.Id, key.AccountId, GroupOf(context.GetEndpoint()), outcome, context.Connection.RemoteIpAddress?.ToString());
            }
        }
    }

    /// <summary>The endpoint group is the endpoint's API tag ("keys", "messages", …).</summary>
    private static string GroupOf(Endpoint? endpoint) => endpoint is null
        ? "unmatched"
        : Groups.GetOrAdd(endpoint, static e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is [var first, ..] ? first.ToLowerInvariant() : "other");
}
