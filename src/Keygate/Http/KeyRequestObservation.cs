using System.Collections.Concurrent;
using System.Net;
using Keygate.Authentication;
using Keygate.Keys;
using Keygate.Usage;
using Microsoft.AspNetCore.Http.Metadata;

namespace Keygate.Http;

/// <summary>A request made with a real key, as usage counting and misuse detection see it once it has been answered.</summary>
internal readonly record struct KeyRequest(
    KeySnapshot Key,
    string Group,
    string Outcome,
    AuthenticationFailure? Failure,
    IPAddress? Address,
    DateTimeOffset At);

/// <summary>Something that learns from every answered key request. Called on the request path: it must be quick.</summary>
internal interface IKeyRequestObserver
{
    void Observe(in KeyRequest request);
}

/// <summary>
/// Tells every <see cref="IKeyRequestObserver"/> about each request that named a real key: successes,
/// refusals, and failed attempts against that key (a wrong secret counts against the key it tried).
/// </summary>
internal sealed class KeyRequestObservation(RequestDelegate next, IEnumerable<IKeyRequestObserver> observers, TimeProvider time)
{
    private static readonly ConcurrentDictionary<Endpoint, string> Groups = new();
    private readonly IKeyRequestObserver[] _observers = [.. observers];

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var rejected = context.Features.Get<RejectedKey>();
            if ((context.Features.Get<KeySnapshot>() ?? rejected?.Key) is { } key)
            {
                var request = new KeyRequest(key, GroupOf(context.GetEndpoint()),
                    Outcomes.Of(context.Response.StatusCode, context.Features.Get<ProblemCode>()?.Code),
                    rejected?.Failure, context.Connection.RemoteIpAddress, time.GetUtcNow());
                foreach (var observer in _observers)
                {
                    observer.Observe(request);
                }
            }
        }
    }

    /// <summary>The endpoint group is the endpoint's API tag ("keys", "messages", …).</summary>
    private static string GroupOf(Endpoint? endpoint) => endpoint is null
        ? "unmatched"
        : Groups.GetOrAdd(endpoint, static e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is [var first, ..] ? first.ToLowerInvariant() : "other");
}

internal static class KeyRequestObservationExtensions
{
    public static IApplicationBuilder UseKeyRequestObservation(this IApplicationBuilder app) => app.UseMiddleware<KeyRequestObservation>();
}
