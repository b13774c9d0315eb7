using System.ComponentModel.DataAnnotations;

namespace Keygate.Storage;

internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (the embedded default).</summary>
    [RegularExpression("^sqlite$", ErrorMessage = "Storage:Provider must be 'sqlite' (PostgreSQL arrives with the scale-out work).")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Where the SQLite file and the master key file live; relative paths are under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string SqlitePath => Path.Combine(FullDataDirectory, "keygate.db");
}
