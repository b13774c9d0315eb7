namespace Keygate.Tests.Architecture;

/// <summary>
/// Which folders of src/Keygate may use which (docs/ARCHITECTURE.md explains why). The rules, in order:
/// <list type="number">
/// <item>A C# file declares the namespace of its folder (<c>Keys/…</c> → <c>Keygate.Keys</c>), so that the graph below is the real one.</item>
/// <item>The core folders form layers, lowest first: a core folder may use the ones below it, never one above it,
/// so no cycle among them is possible.</item>
/// <item>A core folder uses no feature folder (Dashboard, WhatsApp, Webhooks, Accounts, Misuse, …): features use the core, not the reverse.</item>
/// <item>Storage is the schema every folder may read and write through its DbContext; it is outside the layering.
/// Its entity configurations and migrations are its own: no other file names them.</item>
/// <item>No file of the repository mentions a path outside it (see <see cref="OutsidePaths"/>).</item>
/// </list>
/// </summary>
public static class ArchitectureRules
{
    /// <summary>The core, lowest layer first.</summary>
    public static readonly string[] Layers =
    [
        "Hosting",        // background-service plumbing
        "Http",           // problem details, JSON, paging, outcomes, preconditions
        "Coordination",   // seams for state many nodes share
        "Authorization",  // permissions, the caller and the actor
        "Audit",          // the hash-chained trail
        "Keys",           // a key: its definition (limits included), format, secret, lifecycle
        "Authentication", // credential parsing, verification, the verified-key cache
        "Limits",         // rate limits, quotas, allowances, whoami
        "Usage",          // per-minute usage counts and reports
    ];

    /// <summary>Folders every folder may use, outside the layering.</summary>
    public static readonly string[] Shared = ["Storage"];

    /// <summary>Namespaces no file outside Storage may name.</summary>
    public static readonly string[] StorageInternals = ["Keygate.Storage.Configurations", "Keygate.Storage.Migrations", "Keygate.Migrations"];

    /// <summary>What a reference to a place outside the repository looks like (split so that this file is not one).</summary>
    public static readonly string[] OutsidePaths = ["../" + "shared", "DESIGN" + ".md", "/" + "work/"];

    public static IReadOnlyList<Violation> Check(IReadOnlyList<SourceFile> files)
    {
        var folders = files.Select(f => f.Folder).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var violations = new List<Violation>();
        foreach (var file in files)
        {
            if (file.Folder is { } folder && file.Path.EndsWith(".cs", StringComparison.Ordinal)
                && file.Namespace is { } declared && declared != "Keygate." + folder && !declared.StartsWith("Keygate." + folder + ".", StringComparison.Ordinal))
            {
                violations.Add(new(file.Path, 1, folder, $"declares namespace {declared}, not that of its folder {folder}/"));
            }
            foreach (var reference in file.References(folders).DistinctBy(r => (r.Line, r.Folder)))
            {
                if (file.Folder != "Storage" && StorageInternals.Any(n => reference.Namespace == n || reference.Namespace.StartsWith(n + ".", StringComparison.Ordinal)))
                {
                    violations.Add(new(file.Path, reference.Line, reference.Folder, $"uses Storage's internals: {reference.Text}"));
                }
                if (file.Folder is { } from && Broken(from, reference.Folder) is { } why)
                {
                    violations.Add(new(file.Path, reference.Line, reference.Folder, $"{why}: {reference.Text}"));
                }
            }
        }
        return violations;
    }

    /// <summary>Why <paramref name="from"/> may not use <paramref name="to"/>; null when it may.</summary>
    public static string? Broken(string from, string to)
    {
        var layer = Array.IndexOf(Layers, from);
        if (layer < 0 || to == from || Shared.Contains(to))
        {
            return null;
        }
        var target = Array.IndexOf(Layers, to);
        return target < 0 ? $"core folder {from} uses feature folder {to}"
            : target > layer ? $"core folder {from} uses {to}, a layer above it"
            : null;
    }

    /// <summary>Each cycle among the core folders, as the folders it passes through; a correct layering leaves none.</summary>
    public static IReadOnlyList<string[]> CoreCycles(IEnumerable<(string From, string To)> edges)
    {
        var graph = edges.Where(e => e.From != e.To && Layers.Contains(e.From) && Layers.Contains(e.To)).Distinct()
            .GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToArray());
        var cycles = new List<string[]>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            // The shortest way back to the start, if any: breadth first, so the cycle reported is the tightest.
            var cameFrom = new Dictionary<string, string>();
            var queue = new Queue<string>([start]);
            while (queue.TryDequeue(out var at) && !cameFrom.ContainsKey(start))
            {
                foreach (var next in graph.GetValueOrDefault(at, []))
                {
                    if (cameFrom.TryAdd(next, at))
                    {
                        queue.Enqueue(next);
                    }
                }
            }
            if (cameFrom.TryGetValue(start, out var last))
            {
                var path = new List<string> { start };
                for (var at = last; at != start; at = cameFrom[at])
                {
                    path.Insert(1, at);
                }
                // One report per cycle, however many of its folders it was found from.
                if (!cycles.Any(c => c.Skip(1).Order().SequenceEqual(path.Order())))
                {
                    cycles.Add([.. path, start]);
                }
            }
        }
        return cycles;
    }

    /// <summary>The folder-to-folder edges of the tree.</summary>
    public static IEnumerable<(string From, string To)> Edges(IReadOnlyList<SourceFile> files)
    {
        var folders = files.Select(f => f.Folder).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return files.Where(f => f.Folder is not null)
            .SelectMany(f => f.References(folders).Select(r => (From: f.Folder!, To: r.Folder)))
            .Where(e => e.From != e.To).Distinct();
    }
}

/// <summary>One broken rule: the file, the line, the folder it reaches for and what is wrong.</summary>
public sealed record Violation(string File, int Line, string Folder, string Rule)
{
    public override string ToString() => $"{File}:{Line} {Rule}";
}
