namespace Keygate.Verifying;

/// <summary>
/// <c>GET /v1/ping</c>: the cheapest check an application can make of its own key. Any valid key within its limits gets
/// <c>{"ok":true}</c> (and, if it has rate limits or quotas, its <c>RateLimit-*</c> headers); a bad one gets the same
/// problem any other call would. <c>/v1/whoami</c> says more, at the price of describing every allowance. The answer is
/// returned as it is rather than as a result object: that one asks the request's services for JSON settings, which
/// opens a service scope for a request that needs none.
/// </summary>
internal static class PingEndpoint
{
    private static readonly PingResponse Pong = new(true);

    public static RouteHandlerBuilder MapPing(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/ping", () => Pong).WithTags("Keys").WithName("Ping").RequireAuthorization();
}

/// <summary>The answer to a ping: always <c>true</c>, since a refused call gets a problem document instead.</summary>
public sealed record PingResponse(bool Ok);
