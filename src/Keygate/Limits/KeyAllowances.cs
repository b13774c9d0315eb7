using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;

namespace Keygate.Limits;

/// <summary>
/// How much of each limit a key has left, read without spending any of that key's allowance: what
/// <c>GET /v1/keys/{id}/allowances</c> and the dashboard's key page show.
/// </summary>
internal sealed class KeyAllowances(KeygateDbContext db, KeyVerifier verifier, KeyLimiter limiter)
{
    public async Task<Outcome<IReadOnlyList<Allowance>>> ForKeyAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await KeyAccess.FindAsync(db, caller, id, cancellationToken) is null
            || await verifier.FindAsync(id, cancellationToken) is not { } key)
        {
            return Refusal.NotFound("key");
        }
        return Outcome.Done(await limiter.DescribeAsync(key, cancellationToken));
    }
}
