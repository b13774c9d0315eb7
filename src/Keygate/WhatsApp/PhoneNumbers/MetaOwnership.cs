using System.Text.Json;
using Keygate.WhatsApp.Providers;

namespace Keygate.WhatsApp.PhoneNumbers;

internal enum OwnershipProof
{
    Proven,
    NotProven,
    /// <summary>Meta did not answer (down, timing out, throttling): nothing could be judged.</summary>
    MetaUnavailable,
}

/// <summary>
/// Whether an access token proves the right to register a number: Meta answers the number's record to it, and lists
/// the number among the stated WhatsApp Business Account's. A number id is Meta's, not Keygate's, so a registration
/// by someone who merely knows the id (another tenant's, read off a webhook or a screenshot) is refused the same way
/// as a made-up id, whether or not some account here has registered it.
/// </summary>
internal static class MetaOwnership
{
    /// <summary>WABAs with more numbers than this many pages of 100 are not expected; the bound keeps a registration short.</summary>
    private const int MaxPages = 10;

    public static async Task<OwnershipProof> CheckAsync(MetaCloudClient meta, string phoneNumberId, string wabaId, string accessToken,
        CancellationToken cancellationToken)
    {
        try
        {
            var number = await meta.ReadPhoneNumberAsync(phoneNumberId, accessToken, cancellationToken);
            if (Unavailable(number))
            {
                return OwnershipProof.MetaUnavailable;
            }
            if (!number.Succeeded || Read(number.Body, root => root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    && id.GetString() == phoneNumberId) is not true)
            {
                return OwnershipProof.NotProven;
            }
            string? after = null;
            for (var page = 0; page < MaxPages; page++)
            {
                var numbers = await meta.ListWabaPhoneNumbersAsync(wabaId, accessToken, after, cancellationToken);
                if (Unavailable(numbers))
                {
                    return OwnershipProof.MetaUnavailable;
                }
                if (!numbers.Succeeded)
                {
                    return OwnershipProof.NotProven;
                }
                if (Read(numbers.Body, root => Lists(root, phoneNumberId)) is true)
                {
                    return OwnershipProof.Proven;
                }
                after = Read(numbers.Body, NextCursor);
                if (after is null)
                {
                    return OwnershipProof.NotProven;
                }
            }
            return OwnershipProof.NotProven;
        }
        catch (Exception exception) when (exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return OwnershipProof.MetaUnavailable;
        }
    }

    private static bool Unavailable(MetaAnswer answer) => answer.Status is >= 500 or 429;

    private static bool Lists(JsonElement root, string phoneNumberId) =>
        root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
        && data.EnumerateArray().Any(n => n.ValueKind == JsonValueKind.Object && n.TryGetProperty("id", out var id)
            && id.ValueKind == JsonValueKind.String && id.GetString() == phoneNumberId);

    /// <summary>Meta gives a <c>next</c> link only while there is another page; its cursor is <c>paging.cursors.after</c>.</summary>
    private static string? NextCursor(JsonElement root) =>
        root.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object && paging.TryGetProperty("next", out _)
        && paging.TryGetProperty("cursors", out var cursors) && cursors.ValueKind == JsonValueKind.Object
        && cursors.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.String
            ? after.GetString()
            : null;

    /// <summary>Meta's body read defensively: anything but a JSON object proves nothing.</summary>
    private static T? Read<T>(string body, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
