namespace Keygate.Keys;

/// <summary>A key as its caller may see it, with the ETag of that version: what a lifecycle operation answers.</summary>
internal sealed record KeyVersion(KeyResponse Key, string ETag)
{
    /// <summary><paramref name="apiSecret"/> is given by a create or a rotation only: the one time the secret is shown.</summary>
    public static KeyVersion Of(ApiKey key, DateTime now, string? apiSecret = null) => new(key.ToResponse(now, apiSecret), key.ETag);
}
