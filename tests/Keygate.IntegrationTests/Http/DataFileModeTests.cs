namespace Keygate.IntegrationTests.Http;

/// <summary>
/// The data directory holds the database (key hashes, encrypted signing secrets, sessions), the master key and the
/// cookie-signing keys: nobody but Keygate's own user may read any of it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFileModeTests
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    [Fact]
    public async Task EveryFileKeygateCreates_IsReadableByItsOwnerOnly()
    {
        var parent = KeygateApp.NewDataDirectory();
        var dataDirectory = Path.Combine(parent, "data");
        await using (var app = KeygateApp.At(dataDirectory))
        {
            // A session (cookie-signing keys), a signing key (the master key) and a media upload (a media file).
            var signing = await app.CreateKeyAsync(new { signing = "allowed", permissions = new[] { "media:write" } });
            var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
            await MediaTests.UploadAsync(app.ClientFor(signing), sandbox, "image/png");

            Assert.True(File.Exists(app.DatabasePath + "-wal"), "the database runs in WAL mode");
            AssertOwnerOnly(dataDirectory);
        }
        Assert.True(File.Exists(Path.Combine(dataDirectory, "master.key")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataDirectory, "dataprotection-keys")));
        AssertOwnerOnly(dataDirectory);
    }

    [Fact]
    public async Task AnExistingDatabaseLeftWorldReadable_IsTightenedOnStart()
    {
        var dataDirectory = KeygateApp.NewDataDirectory();
        await using (var first = KeygateApp.At(dataDirectory))
        {
            await first.OwnerAsync();
        }
        File.SetUnixFileMode(Path.Combine(dataDirectory, "keygate.db"), OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var second = KeygateApp.At(dataDirectory);
        await second.OwnerAsync();

        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(second.DatabasePath));
    }

    private static void AssertOwnerOnly(string directory)
    {
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(directory));
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            var expected = Directory.Exists(entry) ? OwnerOnlyDirectory : OwnerOnlyFile;
            Assert.True(expected == File.GetUnixFileMode(entry), $"{entry} is {File.GetUnixFileMode(entry)}");
        }
    }
}
