namespace Keygate.Usage;

/// <summary>One point of a usage series. <c>By</c> is the grouping value of an account-wide report (a key id, an environment, a label value).</summary>
public sealed record UsagePoint(DateTime Time, string Group, string Outcome, long Count, string? By = null);

public sealed record UsageReport(DateTime From, DateTime To, string Granularity, IReadOnlyList<UsagePoint> Series,
    IReadOnlyDictionary<string, long> Totals, IReadOnlyList<KeyUsageTotal>? TopKeys = null);

public sealed record KeyUsageTotal(string KeyId, string Name, long Requests);
