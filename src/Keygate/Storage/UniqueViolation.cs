using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Keygate.Storage;

/// <summary>
/// Whether a failed save was refused by a unique index or primary key: the one failure a racing writer explains, and the
/// only one the catch blocks that settle such races may take. Anything else (the store out of reach, a foreign key, a
/// value too long) goes on as the error it is: a PostgreSQL outage to <see cref="StoreOutage"/>'s 503, a fault to its 500.
/// </summary>
internal static class UniqueViolation
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
