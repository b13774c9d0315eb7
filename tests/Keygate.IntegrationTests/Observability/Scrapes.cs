using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Observability;

/// <summary><c>/metrics</c> scraped as Prometheus scrapes it, and what every scrape must hold to: fixed-set labels, no secrets.</summary>
internal static class Scrapes
{
    public const string Positive = "[1-9][0-9]*";

    /// <summary>A sample above zero, whole or not (a histogram's sum of seconds).</summary>
    public const string AboveZero = @"(?!0(?:\.0*)?(?: |$))[0-9][0-9.eE+-]*";

    /// <summary>The labels Keygate's own series may carry, each from a small fixed set, and the exporter's own.</summary>
    private static readonly HashSet<string> FixedLabels =
        ["group", "outcome", "result", "cache", "scope", "limit", "operation", "path", "le", "otel_scope_name", "otel_scope_version"];

    public static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        await response.ShouldHaveStatusAsync(200);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A series of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>, at a value <paramref name="value"/> matches.</summary>
    public static Regex Series(string name, string value, params string[] labels) =>
        new($@"^{name}\{{{string.Concat(labels.Select(label => $"(?=[^}}]*{Regex.Escape(label)})"))}[^}}]*\}} {value}( |$)", RegexOptions.Multiline);

    /// <summary>The whole-number sample of the series of <paramref name="name"/> with every one of <paramref name="labels"/>; 0 when there is none.</summary>
    public static long Sample(string metrics, string name, params string[] labels)
    {
        var sample = Series(name, "([0-9]+)", labels).Match(metrics);
        return sample.Success ? long.Parse(sample.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// Keygate's series carry only labels whose values come from fixed sets: a new label (a key id, a phone number) fails
    /// here even where no such value happens to be in this scrape; and none of <paramref name="secrets"/> is anywhere in it.
    /// </summary>
    public static void AssertNamesNoSecret(string metrics, params string[] secrets)
    {
        var labels = Regex.Matches(metrics, @"^keygate_\w*\{([^}]*)\}", RegexOptions.Multiline)
            .SelectMany(series => Regex.Matches(series.Groups[1].Value, @"(\w+)=""").Select(label => label.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(labels); // the pattern reads the scrape at all
        Assert.Subset(FixedLabels, labels);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }
    }
}
