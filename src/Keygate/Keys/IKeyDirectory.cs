using Keygate.Authorization;
namespace Keygate.Keys;

/// <summary>
/// Keys as verified requests see them (cache, then store). Key services ask it for the calling key's own
/// restrictions, which bound what a managing key may hand out; Authentication's verifier answers it.
/// </summary>
internal interface IKeyDirectory
{
    /// <summary>The key with this id; null for an unknown id.</summary>
    ValueTask<KeySnapshot?> FindAsync(string keyId, CancellationToken cancellationToken);
}

internal static class KeyDirectoryExtensions
{
    /// <summary>The key the actor calls with; null for a dashboard session, which carries no restrictions of its own.</summary>
    public static ValueTask<KeySnapshot?> CallingKeyAsync(this IKeyDirectory keys, Actor actor, CancellationToken cancellationToken) =>
        actor.Caller.KeyId is { } keyId ? keys.FindAsync(keyId, cancellationToken) : ValueTask.FromResult<KeySnapshot?>(null);
}
