using System.Collections.Concurrent;
using System.Text.Json;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// Asks Meta about an id Keygate has not learned (media a customer sent before Keygate saw the webhook, a template made in
/// WhatsApp Manager) with the account's own tokens: an object one of them reads is the account's. A few tokens at most,
/// and a "no" is remembered for a while, so unknown ids cannot turn Keygate into a stream of calls to Meta.
/// </summary>
internal sealed class GraphObjectConfirmation(IOptions<MetaOptions> options, TimeProvider time)
{
    private const int MaxTokensAsked = 3;
    private const int MaxRemembered = 10_000;
    private static readonly TimeSpan RememberNo = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string AccountId, string Id), DateTimeOffset> _unknown = new();

    /// <summary>The kind of object Meta shows one of <paramref name="numbers"/>' tokens under this id, and which number; or null.</summary>
    public async Task<(GraphObjectKind Kind, PhoneNumber Number)?> ConfirmAsync(MetaGraphClient client, string accountId, string id,
        IReadOnlyList<PhoneNumber> numbers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_unknown.TryGetValue((accountId, id), out var until) && until > now)
        {
            return null;
        }
        foreach (var number in numbers.Take(MaxTokensAsked))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{options.Value.ApiVersion}/{id}");
            try
            {
                using var response = await client.SendAsync(request, number, cancellationToken);
                if (response.IsSuccessStatusCode && KindOf(await response.Content.ReadAsStringAsync(cancellationToken)) is { } kind)
                {
                    return (kind, number);
                }
            }
            catch (HttpRequestException)
            {
                return null; // Meta unreachable says nothing about the id: not remembered as unknown
            }
        }
        if (_unknown.Count >= MaxRemembered)
        {
            _unknown.Clear();
        }
        _unknown[(accountId, id)] = now + RememberNo;
        return null;
    }

    /// <summary>The kinds the family table knows, told by the fields Meta's reference gives each; anything else stays unknown.</summary>
    private static GraphObjectKind? KindOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("mime_type", out _) && root.TryGetProperty("url", out _) ? GraphObjectKind.Media
                : root.TryGetProperty("category", out _) && root.TryGetProperty("language", out _) ? GraphObjectKind.Template
                : root.TryGetProperty("categories", out _) ? GraphObjectKind.Flow
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
