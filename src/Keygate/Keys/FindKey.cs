using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;

namespace Keygate.Keys;

/// <summary>One key of the caller's account, as <c>GET /v1/keys/{id}</c> and the dashboard's key pages show it.</summary>
internal sealed class FindKey(KeygateDbContext db, TimeProvider time)
{
    public async Task<Versioned<KeyResponse>?> FindAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await KeyAccess.FindAsync(db, caller, id, cancellationToken) is { } key ? key.ToVersioned(time.GetUtcNow().UtcDateTime) : null;
}
