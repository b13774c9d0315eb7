using Keygate.Authorization;
using Keygate.Http;
using Keygate.WhatsApp.CloudApi;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// Every <c>/{version}/…</c> path that no Cloud API endpoint of Keygate's own serves: a Graph call on one of the account's
/// Meta objects passes through (<see cref="GraphCall"/>); anything else is answered as Meta answers an object it cannot
/// show (400, GraphMethodException, 100/33), so an unknown route, an unknown id and another account's id look alike, and
/// every method is taken here, so the surface has no 405 of its own.
/// </summary>
internal static class PassThroughEndpoints
{
    public static void MapPassThrough(this RouteGroupBuilder cloudApi) =>
        cloudApi.Map("/{**path}", HandleAsync).WithTags("Graph pass-through").WithName("GraphPassThrough")
            .WithMetadata(new RequestBodyCap(GraphFamilies.LargestBody)).DisableAntiforgery();

    /// <summary>The bodies Graph calls carry; a Keygate endpoint that refused another type (a send as text/plain) lands here, and is told so.</summary>
    private static readonly string[] GraphBodies = ["application/json", "multipart/form-data", "application/x-www-form-urlencoded"];

    private static async Task HandleAsync(string path, HttpContext http, GraphObjects objects)
    {
        if (http.Request.ContentType is { } type && !GraphBodies.Any(b => type.StartsWith(b, StringComparison.OrdinalIgnoreCase)))
        {
            await MetaErrors.Result(http, 415, MetaErrors.InvalidParameter, $"Unsupported Content-Type {type}: send JSON, a form or multipart/form-data.",
                ProblemCodes.InvalidRequest).ExecuteAsync(http);
            return;
        }
        var segments = path.Split('/');
        var target = segments.Length <= 2 ? await objects.FindAsync(Caller.From(http.User).AccountId, segments[0], http.RequestAborted) : null;
        if (target is null)
        {
            await MetaErrors.NotFound(http, segments[0]).ExecuteAsync(http);
            return;
        }
        await new GraphCall(target, segments.Length == 2 ? segments[1] : "").ExecuteAsync(http);
    }
}
