using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// Graph reads a call's parameters from its body as well as from its query. A small JSON or form body is therefore read
/// before it is passed on, so that a <c>method</c> override or <c>fields</c> in it are judged as the query's are; the bytes
/// read are the ones sent to Meta. Uploads (multipart media and flow assets) stream on unread.
/// </summary>
internal sealed record GraphBodyParameters(byte[]? Body, bool OverridesMethod, string Fields)
{
    public static readonly GraphBodyParameters Unread = new(null, false, "");

    /// <summary>The body's parameters; a body past the family's cap throws Kestrel's 413, as a streamed one would.</summary>
    public static async Task<GraphBodyParameters> ReadAsync(HttpRequest request, GraphFamily family, CancellationToken cancellationToken)
    {
        var type = request.ContentType ?? "";
        var json = type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        var form = type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (family.BodyCap != GraphFamilies.SmallBody || !(json || form) || !HasBody(request))
        {
            return Unread;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        return json ? FromJson(body) : FromForm(body);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static GraphBodyParameters FromJson(byte[] body)
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

    private static GraphBodyParameters FromForm(byte[] body)
    {
        var parameters = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
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
