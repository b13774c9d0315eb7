using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// The limits of one request: the key's own and, when the account has any, the account's, which all of
/// the account's keys share. <c>Label</c> prefixes the account's limits in headers and allowances.
/// </summary>
internal readonly record struct LimitScope(string Id, string Label, WindowRule[] Windows, QuotaLimit[] Quotas)
{
    public bool IsEmpty => Windows.Length == 0 && Quotas.Length == 0;

    public string NameOf(string rule) => Label.Length == 0 ? rule : Label + rule;
}
