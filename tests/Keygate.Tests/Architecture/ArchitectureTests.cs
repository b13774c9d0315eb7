namespace Keygate.Tests.Architecture;

/// <summary>The rules of <see cref="ArchitectureRules"/>, checked against the product's source as it is.</summary>
public sealed class ArchitectureTests
{
    private static readonly IReadOnlyList<SourceFile> Product = SourceTree.ReadProduct(SourceTree.FindRepository());

    [Fact]
    public void CoreFolders_UseOnlyTheLayersBelowThem_AndNoFeature_AndNoFileUsesStorageInternals()
    {
        var violations = ArchitectureRules.Check(Product);

        Assert.True(violations.Count == 0, "Forbidden dependencies (docs/ARCHITECTURE.md):\n" + string.Join('\n', violations));
    }

    [Fact]
    public void CoreFolders_FormNoCycle()
    {
        var edges = ArchitectureRules.Edges(Product);

        Assert.Empty(ArchitectureRules.CoreCycles(edges).Select(cycle => string.Join(" → ", cycle)));
    }

    [Fact]
    public void NoFileOfTheRepository_MentionsAPathOutsideIt()
    {
        var found = SourceTree.ReadRepository(SourceTree.FindRepository())
            .SelectMany(file => ArchitectureRules.OutsidePaths.Where(file.Text.Contains).Select(path => $"{file.Path} mentions {path}"))
            .ToList();

        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    [Fact]
    public void TheProductIsRead_EveryCoreFolderWithItsFiles()
    {
        var folders = Product.Select(f => f.Folder).ToHashSet();

        Assert.All(ArchitectureRules.Layers, layer => Assert.Contains(layer, folders));
        Assert.Contains(Product, f => f.Path == "Keys/ApiKey.cs");
        Assert.DoesNotContain(Product, f => f.Path.StartsWith("Storage/Migrations/", StringComparison.Ordinal));
    }
}
