using System.Collections.Concurrent;
using System.Net;
using Keygate.Authentication;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.AspNetCore.Http.Metadata;

namespace Keygate.Usage;

/// <summary>A request made with a real key, as usage counting and misuse detection see it once it has been answered.</summary>
internal readonly record struct KeyRequest(
    KeySnapshot Key,
    string Group,
    string Outcome,
    AuthenticationFailure? Failure,
    IPAddress? Address,
    DateTimeOffset At,
    SendNote? Send = null);

/// <summary>A message a key's send handed to its provider apart from the request that asked for it, accepted at <see cref="At"/>.</summary>
internal readonly record struct AcceptedMessage(KeySnapshot Key, string Type, DateTimeOffset At);

/// <summary>Something that learns from every answered key request. Called on the request path: it must be quick.</summary>
internal interface IKeyRequestObserver
{
    void Observe(in KeyRequest request);

    /// <summary>A message accepted after its request's observation, such as a send to Meta that outlived its request's wait.</summary>
    void ObserveAccepted(in AcceptedMessage message)
    {
    }
}

/// <summary>
/// Observes each request that named a real key, once it has been answered: successes, refusals, and failed attempts
/// against that key (a wrong secret counts against the key it tried). A send's endpoint notes what it sent on the
/// request (<see cref="SendNote"/>), so the one observation carries it.
/// </summary>
internal sealed class KeyRequestObservation(RequestDelegate next, KeyObservations observations, TimeProvider time)
{
    private static readonly ConcurrentDictionary<Endpoint, string> Groups = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var threw = true;
        try
        {
            await next(context);
            threw = false;
        }
        finally
        {
            var rejected = context.Features.Get<RejectedKey>();
            if ((context.Features.Get<KeySnapshot>() ?? rejected?.Key) is { } key)
            {
                // A request that threw is answered further out, by the exception handler (503 for an outage, else 500),
                // after this runs: its status here still says 200, and it must not be counted as served.
                var status = threw ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                observations.Observe(new KeyRequest(key, GroupOf(context.GetEndpoint()),
                    Outcomes.Of(status, context.Features.Get<ProblemCode>()?.Code),
                    rejected?.Failure, context.Connection.RemoteIpAddress, time.GetUtcNow(), context.Features.Get<SendNote>()));
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
