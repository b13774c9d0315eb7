namespace Keygate.Usage;

/// <summary>
/// What an account's usage report splits its points by: nothing, each key, each key's environment, or the value of
/// one label (usage per team or application).
/// </summary>
internal sealed record UsageGrouping(string? By, string? Label)
{
    public static readonly UsageGrouping None = new(null, null);

    private const string LabelPrefix = "label:";

    /// <summary>The <c>groupBy</c> query parameter (key, environment or label:NAME), or null when it is none of them.</summary>
    public static UsageGrouping? Read(string? groupBy)
    {
        var label = groupBy is not null && groupBy.StartsWith(LabelPrefix, StringComparison.Ordinal) ? groupBy[LabelPrefix.Length..] : null;
        return groupBy is (null or "key" or "environment") || !string.IsNullOrEmpty(label) ? new(groupBy, label) : null;
    }
}
