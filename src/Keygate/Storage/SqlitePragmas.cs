using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Keygate.Storage;

/// <summary>
/// synchronous=FULL makes a commit durable before Keygate answers (an acknowledged key survives a power
/// cut, not only a crash). It is a per-connection setting with no connection-string form, so it is set
/// on every open; WAL mode, by contrast, is stored in the file and set once at start-up.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string PerConnection = "PRAGMA synchronous=FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PerConnection;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = PerConnection;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
