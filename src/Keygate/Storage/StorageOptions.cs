using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Keygate.Storage;

internal sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> (the embedded default, one node) or <c>postgresql</c> (one database for any number of nodes).</summary>
    [RegularExpression("^(sqlite|postgresql)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgresql'.")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>PostgreSQL's connection string (Npgsql's form); unused on SQLite. It may hold a password, so it is never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file, the master key file, the cookie keys and media live; relative paths are under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// False where operators migrate separately (<c>Keygate migrate</c>, with a role that may change the schema): a node
    /// then only checks that the schema is current, and refuses to start if it is not.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    public bool IsPostgreSql => Provider == PostgreSql;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string SqlitePath => Path.Combine(FullDataDirectory, "keygate.db");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPostgreSql)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is 'postgresql'.", [nameof(ConnectionString)]);
        }
        else if (!Parses(ConnectionString))
        {
            // Npgsql's own message may quote the string, password and all: say only that it is wrong.
            yield return new ValidationResult("Storage:ConnectionString is not a valid PostgreSQL connection string.", [nameof(ConnectionString)]);
        }
    }

    private static bool Parses(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Host is { Length: > 0 };
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
