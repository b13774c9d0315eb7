using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// Spends a charge from every limit of a key and of its account, or refuses it and spends nothing. Only
/// <see cref="KeyAdmission"/> calls it, so each charge is made once and by one component.
/// </summary>
internal interface IKeyLimiter
{
    ValueTask<LimitDecision> TryAcquireAsync(KeySnapshot key, Charge charge, CancellationToken cancellationToken);
}
