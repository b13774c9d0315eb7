using System.Text;
using System.Text.Json;
using Keygate.Keys;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Providers;

/// <summary>
/// The real upstream: forwards the caller's body to Meta with the number's stored access token, records
/// what Meta accepted in history, and hands Meta's answer back unchanged.
/// </summary>
internal sealed class MetaProvider(MetaCloudClient client, SecretProtector protector, MessageLog log, TimeProvider time)
{
    public static string AssociatedData(string phoneNumberId) => "phone:" + phoneNumberId;

    public async Task<MetaAnswer> SendAsync(PhoneNumber number, string? keyId, OutgoingMessage message, string body, CancellationToken cancellationToken)
    {
        var answer = await ForwardAsync(number, body, cancellationToken);
        if (answer.Succeeded && WamidOf(answer.Body) is { } wamid)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await log.AddAsync(Message.Outbound(wamid, number, keyId, message, now));
        }
        return answer;
    }

    /// <summary>The mark-as-read form (with or without a typing indicator), to the same messages call, as the caller wrote it.</summary>
    public Task<MetaAnswer> MarkReadAsync(PhoneNumber number, string body, CancellationToken cancellationToken) =>
        ForwardAsync(number, body, cancellationToken);

    private async Task<MetaAnswer> ForwardAsync(PhoneNumber number, string body, CancellationToken cancellationToken)
    {
        var token = protector.Decrypt(number.EncryptedAccessToken!, AssociatedData(number.Id));
        try
        {
            return await client.SendMessageAsync(number.Id, Encoding.UTF8.GetString(token), body, cancellationToken);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(token);
        }
    }

    private static string? WamidOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
                && messages.GetArrayLength() > 0 && MessageContentRules.String(messages[0], "id") is { } id && Wamids.IsWamid(id)
                ? id
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
