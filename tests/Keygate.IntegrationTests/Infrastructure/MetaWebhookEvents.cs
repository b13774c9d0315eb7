using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>Meta's side of <c>/webhooks/meta</c>: event bodies in Meta's envelope, signed with a number's app secret.</summary>
public static class MetaWebhookEvents
{
    /// <summary>Meta's envelope: object, entry[] (the WABA) with changes[], each a field and its value (with the number's metadata).</summary>
    public static string Event(string phoneNumberId, string wabaId, string field, JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = "15550129999", ["phone_number_id"] = phoneNumberId };
        return AccountEvent(wabaId, field, value);
    }

    /// <summary>An event about the WABA itself (template, account, quality updates): no phone number's metadata.</summary>
    public static string AccountEvent(string wabaId, string field, JsonObject value) => new JsonObject
    {
        ["object"] = "whatsapp_business_account",
        ["entry"] = new JsonArray(new JsonObject { ["id"] = wabaId, ["time"] = Now(), ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = field }) }),
    }.ToJsonString();

    public static string Status(string phoneNumberId, string wabaId, string wamid, string status, long at, JsonArray? errors = null)
    {
        var item = new JsonObject { ["id"] = wamid, ["status"] = status, ["timestamp"] = at.ToString(CultureInfo.InvariantCulture), ["recipient_id"] = "15550008888" };
        if (errors is not null)
        {
            item["errors"] = errors;
        }
        return Event(phoneNumberId, wabaId, "statuses", new JsonObject { ["statuses"] = new JsonArray(item) });
    }

    public static string Signature(string appSecret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    public static Task<HttpResponseMessage> PostMetaEventAsync(this HttpClient client, string body, string? appSecret) =>
        client.PostMetaEventAsync(new StringContent(body, Encoding.UTF8, "application/json"), Encoding.UTF8.GetBytes(body), appSecret);

    /// <summary>Posts <paramref name="content"/> as Meta would, signed over <paramref name="bytes"/> (what it carries) when a secret is given.</summary>
    public static Task<HttpResponseMessage> PostMetaEventAsync(this HttpClient client, HttpContent content, byte[] bytes, string? appSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = content };
        if (appSecret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", Signature(appSecret, bytes));
        }
        return client.SendAsync(request);
    }

    /// <summary>Sends a template through a Meta number (Meta validates templates, so any name goes) and returns Meta's wamid.</summary>
    public static async Task<string> SendTemplateAsync(this HttpClient client, string phoneNumberId)
    {
        var sent = await client.PostAsJsonAsync($"/v23.0/{phoneNumberId}/messages", new
        {
            messaging_product = "whatsapp",
            to = "15550008888",
            type = "template",
            template = new { name = "anything_meta_knows", language = new { code = "en_US" } },
        }).JsonAsync();
        return sent.GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
