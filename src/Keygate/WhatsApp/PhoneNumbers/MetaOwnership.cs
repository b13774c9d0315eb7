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
        CancellationToken cancellationToken) => (await ProveAsync(meta, phoneNumberId, wabaId, accessToken, cancellationToken)).Proof;

    /// <summary>The proof, and with it the number's health from the record Meta answered (null unless proven).</summary>
    public static async Task<(OwnershipProof Proof, NumberHealth? Health)> ProveAsync(MetaCloudClient meta, string phoneNumberId, string wabaId,
        string accessToken, CancellationToken cancellationToken)
    {
        switch (await ReadAsync(meta, phoneNumberId, accessToken, cancellationToken))
        {
            case (OwnershipProof.Proven, var health):
                var listed = await ListedAsync(meta, phoneNumberId, wabaId, accessToken, cancellationToken);
                return (listed, listed == OwnershipProof.Proven ? health : null);
            case var (refused, _):
                return (refused, null);
        }
    }

    /// <summary>The number's record read with <paramref name="accessToken"/>: proven when Meta answers it, with its health.</summary>
    public static async Task<(OwnershipProof Proof, NumberHealth? Health)> ReadAsync(MetaCloudClient meta, string phoneNumberId, string accessToken,
        CancellationToken cancellationToken)
    {
        try
        {
            var number = await meta.ReadPhoneNumberAsync(phoneNumberId, accessToken, cancellationToken);
            if (MetaFailures.Unavailable(number))
            {
                return (OwnershipProof.MetaUnavailable, null);
            }
            var health = number.Succeeded ? GraphJson.Read(number.Body, root => root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString() == phoneNumberId ? NumberHealth.From(root) : null) : null;
            return health is null ? (OwnershipProof.NotProven, null) : (OwnershipProof.Proven, health);
        }
        catch (Exception exception) when (MetaFailures.Unanswered(exception, cancellationToken))
        {
            return (OwnershipProof.MetaUnavailable, null);
        }
    }

    private static async Task<OwnershipProof> ListedAsync(MetaCloudClient meta, string phoneNumberId, string wabaId, string accessToken,
        CancellationToken cancellationToken)
    {
        try
        {
            string? after = null;
            for (var page = 0; page < MaxPages; page++)
            {
                var numbers = await meta.ListWabaPhoneNumbersAsync(wabaId, accessToken, after, cancellationToken);
                if (MetaFailures.Unavailable(numbers))
                {
                    return OwnershipProof.MetaUnavailable;
                }
                if (!numbers.Succeeded)
                {
                    return OwnershipProof.NotProven;
                }
                if (GraphJson.Read(numbers.Body, root => Lists(root, phoneNumberId)) is true)
                {
                    return OwnershipProof.Proven;
                }
                after = GraphJson.Read(numbers.Body, GraphJson.NextCursor);
                if (after is null)
                {
                    return OwnershipProof.NotProven;
                }
            }
            return OwnershipProof.NotProven;
        }
        catch (Exception exception) when (MetaFailures.Unanswered(exception, cancellationToken))
        {
            return OwnershipProof.MetaUnavailable;
        }
    }

    private static bool Lists(JsonElement root, string phoneNumberId) =>
        GraphJson.Data(root).Any(n => n.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == phoneNumberId);
}
