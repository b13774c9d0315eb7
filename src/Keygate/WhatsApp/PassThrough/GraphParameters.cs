using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// What a Graph call's parameters ask of Meta beyond its path and method. Graph reads parameters from the query and from a
/// JSON or form body alike, so both are read here: a <c>method</c> override in either, and the <c>fields</c> of both, which
/// may name edges. A small body is read whole for this, and the bytes read are the ones sent on to Meta; uploads (multipart
/// media and flow assets) stream on unread.
/// </summary>
internal sealed record GraphParameters(byte[]? Body, bool OverridesMethod, string Fields)
{
    /// <summary>
    /// The call's parameters; <paramref name="readBody"/> is the body an endpoint already read (and sends itself). A body
    /// past the family's cap throws Kestrel's 413, as a streamed one would.
    /// </summary>
    public static async Task<GraphParameters> ReadAsync(HttpRequest request, GraphFamily family, string? readBody, CancellationToken cancellationToken)
    {
        var query = new GraphParameters(null, request.Query.ContainsKey("method"), request.Query["fields"].ToString());
        var type = request.ContentType ?? "";
        var json = type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        if (readBody is not null)
        {
            return query.With(FromJson(Encoding.UTF8.GetBytes(readBody)) with { Body = null });
        }
        var form = type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (family.BodyCap != GraphFamilies.SmallBody || !(json || form) || !HasBody(request))
        {
            return query;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        return query.With(json ? FromJson(body) : FromForm(body));
    }

    /// <summary>These parameters and the body's together.</summary>
    private GraphParameters With(GraphParameters body) =>
        new(body.Body, OverridesMethod || body.OverridesMethod, Fields.Length == 0 ? body.Fields : body.Fields.Length == 0 ? Fields : Fields + "," + body.Fields);

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static GraphParameters FromJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new(body, false, "");
            }
            var (overrides, fields) = (false, "");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                overrides |= property.Name.Equals("method", StringComparison.OrdinalIgnoreCase);
                fields = property.Name.Equals("fields", StringComparison.OrdinalIgnoreCase) ? FieldsOf(property.Value) : fields;
            }
            return new(body, overrides, fields);
        }
        catch (JsonException)
        {
            return new(body, false, ""); // Meta answers a body it cannot read; nothing in it is a parameter
        }
    }

    private static GraphParameters FromForm(byte[] body)
    {
        var parameters = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        return new(body, parameters.ContainsKey("method"), parameters.TryGetValue("fields", out var fields) ? fields.ToString() : "");
    }

    /// <summary>Fields as a string, or a list of names, as Graph takes either.</summary>
    private static string FieldsOf(JsonElement fields) => fields.ValueKind switch
    {
        JsonValueKind.String => fields.GetString() ?? "",
        JsonValueKind.Array => string.Join(',', fields.EnumerateArray().Select(f => f.ValueKind == JsonValueKind.String ? f.GetString() : f.GetRawText())),
        _ => fields.GetRawText(),
    };
}
