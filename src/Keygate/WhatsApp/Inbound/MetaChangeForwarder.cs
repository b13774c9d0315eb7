using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Keygate.Webhooks;

namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// Forwards each signed Meta change of a real number to the account's subscriptions as Meta sent it: Meta's
/// envelope around the change's <c>value</c>, copied byte for byte, so that fields Keygate does not read (profile
/// names, context, referral, pricing, callback data, whatever Meta adds next) reach the subscriber. The deliveries
/// are saved before Meta is answered, and a change Meta sends again is not queued again.
/// </summary>
internal sealed class MetaChangeForwarder(IServiceScopeFactory scopes) : IMetaChangeHandler
{
    public async Task HandleAsync(string accountId, MetaChange change, CancellationToken cancellationToken)
    {
        if (change.Value.ValueKind != JsonValueKind.Object || EventOf(change) is not { } eventType)
        {
            return;
        }
        var value = change.Value.GetRawText();
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WebhookPublisher>()
            .PublishOnceAsync(accountId, eventType, change.PhoneNumberId, Envelope(change, value), SourceKey(change, value), cancellationToken);
    }

    /// <summary>
    /// Meta's field name, except that its <c>messages</c> field is split as Keygate always split it: statuses apart
    /// from inbound messages, so existing subscriptions keep receiving what they did. Null for a field nobody can
    /// subscribe to, and for <c>alerts</c>, which is Keygate's own.
    /// </summary>
    private static string? EventOf(MetaChange change) => change.Field switch
    {
        WebhookEvents.Messages when change.Value.TryGetProperty("statuses", out _) && !change.Value.TryGetProperty("messages", out _) => WebhookEvents.Statuses,
        WebhookEvents.Alerts => null,
        { } field when WebhookEvents.IsSubscribable(field) => field,
        _ => null,
    };

    /// <summary><c>{"object":"whatsapp_business_account","entry":[{"id":WABA,"changes":[{"value":…,"field":…}]}]}</c>, one change per delivery.</summary>
    private static string Envelope(MetaChange change, string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "whatsapp_business_account");
            json.WriteStartArray("entry");
            json.WriteStartObject();
            json.WriteString("id", change.WabaId);
            json.WriteStartArray("changes");
            json.WriteStartObject();
            json.WritePropertyName("value");
            json.WriteRawValue(value);
            json.WriteString("field", change.Field);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>What makes a change the same change when Meta sends it again: its WABA, its field and its value's bytes.</summary>
    private static string SourceKey(MetaChange change, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{change.WabaId}\n{change.Field}\n{value}")));
}
