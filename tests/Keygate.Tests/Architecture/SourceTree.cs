using System.Text.RegularExpressions;

namespace Keygate.Tests.Architecture;

/// <summary>A file of the product as the rules read it: its path under <c>src/Keygate</c> and its text.</summary>
public sealed record SourceFile(string Path, string Text)
{
    /// <summary>The feature folder the file lives in (<c>Keys</c> for <c>Keys/CreateKey.cs</c>); null for a root file such as Program.cs.</summary>
    public string? Folder => Path.Contains('/') ? Path[..Path.IndexOf('/')] : null;

    /// <summary>The namespace a C# file declares; null for a Razor view or a file of top-level statements.</summary>
    public string? Namespace => SourceSyntax.Namespace().Match(Text) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// Every Keygate namespace the file names, with the line that names it: its <c>using</c> directives (Razor's
    /// <c>@using</c>, <c>@model</c> and <c>@inject</c> too), fully qualified <c>Keygate.X.</c> names, and names
    /// qualified by a folder alone (<c>Keys.ApiKey</c>), which C# resolves against the enclosing <c>Keygate</c> namespace.
    /// </summary>
    public IEnumerable<Reference> References(IReadOnlySet<string> folders)
    {
        var lines = Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            // Comments that are not documentation refer to nothing; a doc comment's cref is a real reference.
            var line = SourceSyntax.LineComment().Replace(lines[i], "");
            if (SourceSyntax.Namespace().IsMatch(line))
            {
                continue;
            }
            foreach (Match match in SourceSyntax.Qualified().Matches(line))
            {
                yield return new Reference(i + 1, "Keygate." + match.Groups[1].Value, lines[i].Trim());
            }
            foreach (Match match in SourceSyntax.FolderQualified().Matches(line))
            {
                if (folders.Contains(match.Groups[1].Value))
                {
                    yield return new Reference(i + 1, "Keygate." + match.Groups[1].Value, lines[i].Trim());
                }
            }
        }
    }
}

/// <summary>A Keygate namespace named on one line of a file; <see cref="Folder"/> is its feature folder.</summary>
public sealed record Reference(int Line, string Namespace, string Text)
{
    public string Folder => Namespace.Split('.')[1];
}

/// <summary>Reads the product's source and finds the repository it lives in.</summary>
public static class SourceTree
{
    /// <summary>The C# and Razor files under <c>src/Keygate</c>, less build output and the generated migrations.</summary>
    public static IReadOnlyList<SourceFile> ReadProduct(string repository)
    {
        var root = Path.Combine(repository, "src", "Keygate");
        return [.. Files(root)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(path => new SourceFile(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .Where(file => !file.Path.StartsWith("Storage/Migrations/", StringComparison.Ordinal))
            .OrderBy(file => file.Path, StringComparer.Ordinal)];
    }

    /// <summary>Every text file a clone of the repository holds (what .gitignore leaves out is skipped), by path from its root.</summary>
    public static IEnumerable<(string Path, string Text)> ReadRepository(string repository) =>
        Files(repository)
            .Where(path => !IgnoredFiles.Any(ending => path.EndsWith(ending, StringComparison.Ordinal)))
            .Select(path => (Path.GetRelativePath(repository, path).Replace('\\', '/'), File.ReadAllText(path)))
            .Where(file => !file.Item2.Contains('\0'));

    /// <summary>The directory holding Keygate.slnx, above the test's own output directory.</summary>
    public static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Keygate.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Keygate.slnx above {AppContext.BaseDirectory}.");
    }

    // What .gitignore keeps out of a clone, and git's own worktree pointer.
    private static readonly string[] IgnoredDirectories = ["bin", "obj", ".git", "data", "TestResults", "BenchmarkDotNet.Artifacts", ".vs", ".idea", "node_modules"];
    private static readonly string[] IgnoredFiles = ["/.git", ".db", ".db-shm", ".db-wal"];

    private static IEnumerable<string> Files(string directory) =>
        Directory.EnumerateFiles(directory).Concat(Directory.EnumerateDirectories(directory)
            .Where(child => !IgnoredDirectories.Contains(Path.GetFileName(child)))
            .SelectMany(Files));
}

internal static partial class SourceSyntax
{
    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    public static partial Regex Namespace();

    // "// …" but not "/// …", and not the "//" of a URL inside a string ("https://…").
    [GeneratedRegex(@"(?<![/:""])//(?!/).*$")]
    public static partial Regex LineComment();

    [GeneratedRegex(@"\bKeygate\.([A-Z]\w*(?:\.[A-Z]\w*)*)")]
    public static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.""/])([A-Z]\w*)\.[A-Z]\w*")]
    public static partial Regex FolderQualified();
}
