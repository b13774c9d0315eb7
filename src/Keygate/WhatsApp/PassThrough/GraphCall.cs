using System.Text;
using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.Features;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// One Graph call on an account's Meta object, passed through: checked in Keygate's terms (environment, the call's family
/// and its permission, the key's numbers), then sent to Meta with the number's stored token, the caller's version, path,
/// query and body, and Meta's status, headers and body handed back as they came. Only two things in an answer change:
/// the ids it names are learned as the account's, and a media record's CDN address becomes Keygate's download address.
/// </summary>
internal sealed class GraphCall(GraphTarget target, string edge, string? readBody = null) : IResult
{
    /// <summary>Answers Keygate reads whole to learn ids from (a page of templates, a created object): Meta's are far smaller.</summary>
    private const long LearnableAnswer = 4 * 1024 * 1024;

    public async Task ExecuteAsync(HttpContext http)
    {
        var caller = Caller.From(http.User);
        var method = http.Request.Method;
        // As for sends: a non-production key never reaches a real number at Meta, reads included (a customer's media, a
        // profile); it keeps the sandbox, whose routes answer locally.
        if (caller.Environment is { } environment && environment != KeyEnvironment.Production)
        {
            await Refuse(http, 403, 200, "A non-production key cannot reach a real number at Meta; it works with the sandbox.", ProblemCodes.EnvironmentNotAllowed);
            return;
        }
        if (GraphFamilies.Of(target.Kind, edge, method, http.Request.Query["fields"].ToString()) is not { } family)
        {
            await Refuse(http, 400, MetaErrors.InvalidParameter,
                $"Unsupported {method.ToLowerInvariant()} request. Keygate does not pass this call on this object through to Meta.", ProblemCodes.InvalidRequest,
                type: "GraphMethodException");
            return;
        }
        if (target.Numbers.FirstOrDefault(NumberBinding.Of(http).Allows) is not { } numberId)
        {
            await (target.IsRegisteredNumber
                ? MetaErrors.Result(http, 403, 200, "This API key may not use this phone number.", ProblemCodes.PhoneNumberNotAllowed)
                : MetaErrors.NotFound(http, target.Id)).ExecuteAsync(http);
            return;
        }
        if (!caller.Holds(family.Needs))
        {
            await RefusePermission(http, family.Needs);
            return;
        }
        if (http.Request.ContentLength > family.BodyCap)
        {
            await Refuse(http, 413, MetaErrors.InvalidParameter, $"The request body is larger than {family.BodyCap} bytes.", ProblemCodes.InvalidRequest);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
        {
            cap.MaxRequestBodySize = family.BodyCap; // a chunked body is cut off at the family's cap while it streams
        }
        if (await ParametersAsync(http, caller, family) is not { } parameters)
        {
            return;
        }
        var number = (await http.RequestServices.GetRequiredService<PhoneNumberDirectory>().FindAsync(caller.AccountId, numberId, http.RequestAborted))!;
        await ForwardAsync(http, family, number, parameters.Body);
    }

    /// <summary>
    /// What the call's parameters reach beyond its family: Graph's method override, which would make Meta run another call
    /// than the one judged (and audited), and the edges named in <c>fields</c>, each needing its own permission. Null when
    /// refused, the answer written.
    /// </summary>
    private async Task<GraphParameters?> ParametersAsync(HttpContext http, Caller caller, GraphFamily family)
    {
        GraphParameters parameters;
        try
        {
            parameters = await GraphParameters.ReadAsync(http.Request, family, readBody, http.RequestAborted);
        }
        catch (BadHttpRequestException unread)
        {
            await Refuse(http, unread.StatusCode, MetaErrors.InvalidParameter, unread.Message, ProblemCodes.InvalidRequest);
            return null;
        }
        if (parameters.OverridesMethod)
        {
            await Refuse(http, 400, MetaErrors.InvalidParameter,
                "Keygate does not pass Graph's method override through; send the call with its own HTTP method.", ProblemCodes.InvalidRequest);
            return null;
        }
        // An edge named in fields is read as if called: message_templates{name} on a WABA needs what reading the templates needs.
        var reached = GraphFamilies.ExpandedBy(edge.Length == 0 ? target.Kind : family.Learns, parameters.Fields).ToList();
        if (reached.FirstOrDefault(f => !caller.Holds(f.Needs)) is { } lacking)
        {
            await RefusePermission(http, lacking.Needs);
            return null;
        }
        if (reached.Prepend(family).Any(f => f.WholeWaba) && NumberBinding.Of(http) is not null)
        {
            await Refuse(http, 403, 200, "A key bound to phone numbers cannot reach the WABA's app subscription, which carries every number's events.",
                ProblemCodes.InsufficientPermissions);
            return null;
        }
        return parameters;
    }

    private static Task RefusePermission(HttpContext http, Permission needs) =>
        Refuse(http, 403, 200, $"This call needs the '{PermissionCatalog.NameOf(needs)}' permission.", ProblemCodes.InsufficientPermissions);

    private async Task ForwardAsync(HttpContext http, GraphFamily family, PhoneNumber number, byte[]? read)
    {
        var services = http.RequestServices;
        var version = http.GetRouteValue("version") as string;
        var path = $"/{version}/{target.Id}{(edge.Length == 0 ? "" : "/" + edge)}";
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), path + GraphHeaders.QueryOf(http.Request)) { Content = ContentOf(http.Request, read) };
        GraphHeaders.CopyRequest(http.Request, request);
        HttpResponseMessage response;
        try
        {
            response = await services.GetRequiredService<MetaGraphClient>().SendAsync(request, number, http.RequestAborted);
        }
        catch (Exception exception) when (Unread(exception) is { } unread)
        {
            await Refuse(http, unread.StatusCode, MetaErrors.InvalidParameter, unread.Message, ProblemCodes.InvalidRequest);
            return;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            await AuditAsync(http, family, path, null);
            await Refuse(http, 503, 2, "Meta's Graph API did not answer; a change asked for may or may not have been made.", ProblemCodes.Unavailable);
            return;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var learns = status is >= 200 and < 300 && (family.Learns is not null || family.MediaRecord) && IsJson(response);
            var answer = learns ? await ReadAnswerAsync(http, family, number, response) : null;
            await AuditAsync(http, family, path, status);
            http.Response.StatusCode = status;
            GraphHeaders.CopyResponse(response, http.Response, withContentLength: answer is null);
            if (answer is not null)
            {
                http.Response.ContentLength = answer.Length;
                await http.Response.Body.WriteAsync(answer, http.RequestAborted);
                return;
            }
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    /// <summary>The body as the client sent it: streamed, or as read to judge its parameters, or as an endpoint that had to read it first got it.</summary>
    private HttpContent? ContentOf(HttpRequest request, byte[]? read)
    {
        HttpContent content;
        if (readBody is not null)
        {
            content = new StringContent(readBody, Encoding.UTF8);
        }
        else if (read is not null)
        {
            content = new ByteArrayContent(read);
        }
        else if (request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            content = new StreamContent(request.Body);
            content.Headers.ContentLength = request.ContentLength;
        }
        else
        {
            return null;
        }
        if (request.ContentType is { } type)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        return content;
    }

    /// <summary>A JSON answer read whole: the ids it names learned as the account's, a media record's address replaced.</summary>
    private async Task<byte[]?> ReadAnswerAsync(HttpContext http, GraphFamily family, PhoneNumber number, HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync(LearnableAnswer, http.RequestAborted);
        var bytes = await response.Content.ReadAsByteArrayAsync(http.RequestAborted);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return bytes;
        }
        if (root is not JsonObject answer)
        {
            return bytes;
        }
        var objects = http.RequestServices.GetRequiredService<GraphObjects>();
        var accountId = number.AccountId;
        if (family.Learns is { } kind)
        {
            await objects.LearnAsync(accountId, number.Id, number.WabaId, kind, IdsIn(answer), http.RequestAborted);
            await objects.SaveAsync(CancellationToken.None);
            return bytes;
        }
        if (answer["url"] is JsonValue url && url.TryGetValue<string>(out var address) && await objects.RecordAsync(accountId, target.Id, http.RequestAborted) is { } record)
        {
            // Meta's CDN wants Meta's token, which the client never holds: the client downloads through Keygate, and Keygate
            // fetches only the address Meta gave it here, never one a client names.
            record.DownloadUrl = address;
            await objects.SaveAsync(CancellationToken.None);
            answer["url"] = MediaEndpoints.DownloadUrlOf(http, target.Id);
            return Encoding.UTF8.GetBytes(answer.ToJsonString());
        }
        return bytes;
    }

    /// <summary>A created object's <c>id</c>, or the <c>id</c> of each object in a list's <c>data</c>.</summary>
    private static List<string> IdsIn(JsonObject answer)
    {
        var ids = new List<string>();
        if (answer["id"] is JsonValue id && id.TryGetValue<string>(out var created))
        {
            ids.Add(created);
        }
        if (answer["data"] is JsonArray data)
        {
            ids.AddRange(data.OfType<JsonObject>().Select(o => o["id"]).OfType<JsonValue>()
                .Select(v => v.TryGetValue<string>(out var listed) ? listed : null).OfType<string>());
        }
        return ids;
    }

    /// <summary>Writes are recorded whatever Meta answered (null: it never did): the attempt is what the trail must show. Never the body.</summary>
    private async Task AuditAsync(HttpContext http, GraphFamily family, string path, int? status)
    {
        if (!family.Writes)
        {
            return;
        }
        var changes = new JsonObject { ["method"] = http.Request.Method, ["path"] = path, ["family"] = family.Name, ["metaStatus"] = status };
        var db = http.RequestServices.GetRequiredService<KeygateDbContext>();
        // Not the request's token: Meta has acted by now, so the record is written even if the client has gone.
        await http.RequestServices.GetRequiredService<AuditLog>().SaveWithAuditAsync(db,
            AuditEntry.ByCaller(http, AuditEventType.GraphWrite, AuditTargetType.GraphObject, target.Id, changes), CancellationToken.None);
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is "application/json" or "text/javascript";

    /// <summary>The client's body could not be read (too large, cut off): its own fault, not Meta's.</summary>
    private static BadHttpRequestException? Unread(Exception exception)
    {
        for (var inner = (Exception?)exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is BadHttpRequestException bad)
            {
                return bad;
            }
        }
        return null;
    }

    private static Task Refuse(HttpContext http, int status, int metaCode, string message, string code, string type = "OAuthException") =>
        MetaErrors.Result(http, status, metaCode, message, code, type: type).ExecuteAsync(http);
}
