using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

// A standalone fake Meta for bench/http/passthrough.sh: one token owning one number of one WABA, and one large media
// object generated in memory once, answered in the shapes of Meta's Graph reference (the tests' FakeMeta answers the
// same calls with everything a test scripts; this one keeps nothing per request, so it can take wrk's load).
//
// Usage: dotnet FakeMetaServer.dll --urls http://127.0.0.1:5190 --Token T --PhoneNumberId P --WabaId W --MediaId M --MediaMegabytes 100
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var settings = app.Configuration;
var token = settings["Token"] ?? "EAAG-bench-token";
var phoneNumberId = settings["PhoneNumberId"] ?? "100000000000001";
var wabaId = settings["WabaId"] ?? "200000000000001";
var mediaId = settings["MediaId"] ?? "300000000000001";
var blob = new byte[int.Parse(settings["MediaMegabytes"] ?? "100", CultureInfo.InvariantCulture) * 1024 * 1024];
new Random(10).NextBytes(blob);
var blobSha256 = Convert.ToHexStringLower(SHA256.HashData(blob));
var bearer = "Bearer " + token;

bool Authorized(HttpContext context) => context.Request.Headers.Authorization == bearer;

IResult Error(int status, int code, string message, string type = "OAuthException") => Results.Json(
    new JsonObject { ["error"] = new JsonObject { ["message"] = $"(#{code}) {message}", ["type"] = type, ["code"] = code, ["fbtrace_id"] = "AFakeTraceId" } },
    statusCode: status);

IResult Unknown(string id) => Error(400, 100, $"Unsupported request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
    "GraphMethodException");

app.MapGet("/{version}/{id}", (HttpContext context, string id) =>
{
    if (!Authorized(context))
    {
        return Error(401, 190, "Invalid OAuth access token");
    }
    if (id == phoneNumberId)
    {
        return Results.Json(new
        {
            id,
            display_phone_number = "+1 555-555-5555",
            verified_name = "Fake Meta Business",
            quality_rating = "GREEN",
        });
    }
    if (id == mediaId)
    {
        var request = context.Request;
        return Results.Json(new
        {
            messaging_product = "whatsapp",
            url = $"{request.Scheme}://{request.Host}/cdn/{id}?ext=1&hash=ATuFake",
            mime_type = "video/mp4",
            sha256 = blobSha256,
            file_size = blob.Length,
            id,
        });
    }
    return Unknown(id);
});

app.MapGet("/{version}/{waba}/phone_numbers", (HttpContext context, string waba) =>
    !Authorized(context) ? Error(401, 190, "Invalid OAuth access token")
    : waba != wabaId ? Error(403, 200, "Your app doesn't have permission to access this WhatsApp Business Account")
    : Results.Json(new { data = new[] { new { id = phoneNumberId } }, paging = new { cursors = new { before = "QVFIU", after = "QVFIU" } } }));

app.MapGet("/{version}/{waba}/message_templates", (HttpContext context, string waba) =>
    !Authorized(context) || waba != wabaId ? Unknown(waba)
    : Results.Json(new { data = Array.Empty<object>(), paging = new { cursors = new { before = "QVFIU", after = "QVFIU" } } }));

app.MapGet("/cdn/{id}", async (HttpContext context, string id) =>
{
    if (id != mediaId || !Authorized(context))
    {
        context.Response.StatusCode = 404;
        return;
    }
    context.Response.ContentType = "video/mp4";
    context.Response.ContentLength = blob.Length;
    context.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}\"";
    await context.Response.Body.WriteAsync(blob, context.RequestAborted);
});

app.Run();
