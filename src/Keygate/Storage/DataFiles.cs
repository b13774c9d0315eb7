namespace Keygate.Storage;

/// <summary>
/// The data directory holds the database (key hashes, encrypted signing secrets, sessions), the master key, the
/// cookie-signing keys and uploaded media: nobody but the user Keygate runs as may read any of it. Directories Keygate
/// creates are 0700 and its files 0600, whatever the process's umask.
/// </summary>
internal static class DataFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    /// <summary>Creates the directory (and any missing parent) as 0700; an existing one is left as the operator made it.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Options to write a file that, when <paramref name="mode"/> creates it, is 0600 from its first moment.</summary>
    public static FileStreamOptions Writing(FileMode mode) => OperatingSystem.IsWindows()
        ? new FileStreamOptions { Mode = mode, Access = FileAccess.Write }
        : new FileStreamOptions { Mode = mode, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };

    /// <summary>Makes an existing file 0600: for files another library creates (SQLite's), and those an older Keygate left readable.</summary>
    public static void RestrictIfPresent(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
