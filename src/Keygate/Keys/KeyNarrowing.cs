using System.Net;

namespace Keygate.Keys;

/// <summary>
/// A key that manages keys only narrows: whatever it creates, edits, rotates or re-enables must be at least as
/// restricted as the managing key itself, so a leaked managing key cannot mint, or turn itself into, a key with
/// more reach. Dashboard users are not keys and keep their role's powers.
/// </summary>
internal static class KeyNarrowing
{
    /// <summary>The fields in which <paramref name="target"/> reaches further than <paramref name="manager"/>; empty when it does not.</summary>
    public static List<string> WiderFields(KeySnapshot manager, KeyDraft target)
    {
        var wider = new List<string>();
        if (manager.IsBoundToNumbers && (target.PhoneNumberIds.Count == 0 || !target.PhoneNumberIds.All(manager.PhoneNumberIds.Contains)))
        {
            wider.Add("phoneNumberIds");
        }
        if (manager.IpAllowlist.Length > 0 && (target.IpAllowlist.Count == 0 || !target.IpAllowlist.All(cidr => WithinAny(IPNetwork.Parse(cidr), manager.IpAllowlist))))
        {
            wider.Add("ipAllowlist");
        }
        // A window at least as long that admits no more bounds every span of the manager's window as tightly.
        if (!manager.RateLimits.All(rule => target.RateLimits.Any(r => r.PeriodSeconds >= rule.PeriodSeconds && r.Limit <= rule.Limit)))
        {
            wider.Add("rateLimits");
        }
        // Likewise a quota over the same metric: a month's allowance no larger than the manager's day bounds its day too.
        if (!manager.Quotas.All(quota => target.Quotas.Any(q => q.Metric == quota.Metric && q.Period >= quota.Period && q.Limit <= quota.Limit)))
        {
            wider.Add("quotas");
        }
        if (manager.ExpiresAt is { } ends && !(target.ExpiresAt <= ends))
        {
            wider.Add("expiresAt");
        }
        if (target.MisusePolicy < manager.MisusePolicy)
        {
            wider.Add("misusePolicy");
        }
        // Only "required" is stronger: "allowed" and "off" both accept a bare secret.
        if (manager.Signing is SigningMode.Required && target.Signing is not SigningMode.Required)
        {
            wider.Add("signing");
        }
        return wider;
    }

    private static bool WithinAny(IPNetwork inner, IPNetwork[] outers)
    {
        foreach (var outer in outers)
        {
            if (outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
                && outer.PrefixLength <= inner.PrefixLength && outer.Contains(inner.BaseAddress))
            {
                return true;
            }
        }
        return false;
    }
}
