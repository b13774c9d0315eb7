namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// A Graph object at Meta that Keygate knows belongs to an account: learned from what Meta answered that account
/// (an upload's id, a created template or flow, the ids listed under a WABA the account owns) or from a webhook Meta
/// signed for one of its numbers. Registered numbers and their WABAs are known from the phone numbers themselves.
/// </summary>
internal sealed class GraphObject
{
    public required string AccountId { get; init; }
    /// <summary>Meta's id of the object (digits).</summary>
    public required string Id { get; init; }
    public GraphObjectKind Kind { get; init; }
    /// <summary>The number it came through, whose stored token reaches it (for media, the only one that may).</summary>
    public required string PhoneNumberId { get; init; }
    public required string WabaId { get; init; }
    /// <summary>Meta's CDN address of a media object's bytes, from Meta's latest answer about it: never an address a client gave.</summary>
    public string? DownloadUrl { get; set; }
    public DateTime LearnedAt { get; init; }
}

/// <summary>Persisted as numbers: never renumber.</summary>
internal enum GraphObjectKind
{
    PhoneNumber = 1,
    Waba = 2,
    Media = 3,
    Template = 4,
    Flow = 5,
}
