using System.Text.Json;
using Keygate.WhatsApp.Inbound;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// Learns the media ids of a customer's messages (image, audio, video, document, sticker) from the webhook Meta signed for
/// the account's number, so that <c>GET /{media-id}</c> of what a customer sent passes through with that number's token.
/// </summary>
internal sealed class InboundMediaLearner(IServiceScopeFactory scopes) : IMetaChangeHandler
{
    private static readonly string[] MediaTypes = ["image", "audio", "video", "document", "sticker"];

    public async Task HandleAsync(string accountId, MetaChange change, CancellationToken cancellationToken)
    {
        if (change.PhoneNumberId is not { } phoneNumberId || MediaIdsOf(change.Value) is not { Count: > 0 } ids)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var number = await scope.ServiceProvider.GetRequiredService<PhoneNumberDirectory>().FindAsync(accountId, phoneNumberId, cancellationToken);
        if (number is not { Provider: PhoneNumberProvider.Meta })
        {
            return;
        }
        var objects = scope.ServiceProvider.GetRequiredService<GraphObjects>();
        await objects.LearnAsync(accountId, number.Id, number.WabaId, GraphObjectKind.Media, ids, cancellationToken);
        await objects.SaveAsync(cancellationToken);
    }

    private static List<string> MediaIdsOf(JsonElement value)
    {
        var ids = new List<string>();
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return ids;
        }
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var type in MediaTypes)
            {
                if (message.TryGetProperty(type, out var media) && media.ValueKind == JsonValueKind.Object
                    && media.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    ids.Add(id.GetString()!);
                }
            }
        }
        return ids;
    }
}
