using Keygate.Authorization;
using Keygate.Http;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// <c>GET /v1/media/{id}/download</c> of a media object at Meta: the bytes from the CDN address Meta gave in its last
/// answer about the object (<see cref="GraphCall"/> stores it), fetched with the number's token and streamed back.
/// As at Meta, the address expires after a few minutes: the client then reads the media record again.
/// </summary>
internal sealed class MetaMediaDownload(string mediaId) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var caller = Caller.From(http.User);
        if (caller.Environment is { } environment && environment != KeyEnvironment.Production)
        {
            await Problems.Forbidden(ProblemCodes.EnvironmentNotAllowed, "A non-production key cannot reach a real number at Meta.").ExecuteAsync(http);
            return;
        }
        var objects = http.RequestServices.GetRequiredService<GraphObjects>();
        var record = GraphObjects.IsGraphId(mediaId) ? await objects.RecordAsync(caller.AccountId, mediaId, http.RequestAborted) : null;
        if (record is not { Kind: GraphObjectKind.Media, DownloadUrl: { } address } || !NumberBinding.Of(http).Allows(record.PhoneNumberId)
            || await http.RequestServices.GetRequiredService<PhoneNumberDirectory>().FindAsync(caller.AccountId, record.PhoneNumberId, http.RequestAborted)
                is not { Provider: PhoneNumberProvider.Meta } number)
        {
            await Problems.NotFound("media").ExecuteAsync(http);
            return;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        HttpResponseMessage response;
        try
        {
            response = await http.RequestServices.GetRequiredService<MetaGraphClient>().SendAsync(request, number, http.RequestAborted);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            await Problems.Create(503, ProblemCodes.Unavailable, "Meta's media server did not answer.").ExecuteAsync(http);
            return;
        }
        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            GraphHeaders.CopyResponse(response, http.Response, withContentLength: true);
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }
}
