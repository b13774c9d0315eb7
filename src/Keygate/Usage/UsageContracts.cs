namespace Keygate.Usage;

/// <summary>One point of a usage series. <c>By</c> is the grouping value of an account-wide report (a key id, an environment, a label value).</summary>
public sealed record UsagePoint(DateTime Time, string Group, string Outcome, long Count, string? By = null);

/// <summary><c>MessagesByCategory</c>: messages by Meta's pricing category (marketing, utility, authentication, service), as their statuses priced them.</summary>
public sealed record UsageReport(DateTime From, DateTime To, string Granularity, IReadOnlyList<UsagePoint> Series,
    IReadOnlyDictionary<string, long> Totals, IReadOnlyDictionary<string, long> MessagesByCategory, IReadOnlyList<KeyUsageTotal>? TopKeys = null);

public sealed record KeyUsageTotal(string KeyId, string Name, long Requests);
