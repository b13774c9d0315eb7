namespace Keygate.Http;

/// <summary>
/// What a caller may see of a stored thing, with the ETag of that version: what a lifecycle service answers, so the API
/// can send the ETag and the dashboard can carry it in its form as the version the next change expects.
/// </summary>
internal sealed record Versioned<T>(T Value, string ETag);
