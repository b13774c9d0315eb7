using Keygate.Http;

namespace Keygate.WhatsApp.Contacts;

/// <summary>Someone an account messages on WhatsApp, known by their number within that account.</summary>
internal sealed class Contact : IListedRow
{
    public const string IdPrefix = "ctc";

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>The WhatsApp number, E.164 digits without the '+' (Meta's <c>wa_id</c>); unique per account.</summary>
    public required string WaId { get; set; }
    public string? Name { get; set; }
    public List<ContactTag> Tags { get; set; } = [];
    /// <summary>A flat JSON object of string, number and boolean values, at most 4 KB.</summary>
    public string CustomFields { get; set; } = "{}";
    public OptInState OptIn { get; set; }
    /// <summary>When <see cref="OptIn"/> last changed; null while it never has.</summary>
    public DateTime? OptInChangedAt { get; set; }
    /// <summary>Where the last opt-in change came from (a form, a keyword, an import), as the client said.</summary>
    public string? OptInSource { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Bumped by every change: the ETag, and the optimistic-concurrency token.</summary>
    public int Version { get; set; }

    public string ETag => ETagOf(Version);

    public static string ETagOf(int version) => $"\"{version}\"";
}

/// <summary>A row per tag, so that filtering by a tag is an indexed query rather than a scan of JSON.</summary>
internal sealed class ContactTag
{
    public required string Name { get; set; }
}

// Persisted as numbers: never renumber. Their API names are in OptInNames.

internal enum OptInState
{
    Unknown = 0,
    OptedIn = 1,
    OptedOut = 2,
}

internal static class OptInNames
{
    public static string Of(OptInState state) => state switch
    {
        OptInState.OptedIn => "opted_in",
        OptInState.OptedOut => "opted_out",
        _ => "unknown",
    };

    public static bool TryParse(string? name, out OptInState state)
    {
        foreach (var candidate in Enum.GetValues<OptInState>())
        {
            if (Of(candidate) == name)
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }

    public static string Choices { get; } = string.Join(", ", Enum.GetValues<OptInState>().Select(Of));
}
