using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Keygate.Storage;

/// <summary>
/// Empties Npgsql's connection pool when PostgreSQL turns out to be out of reach. After a restart every pooled connection
/// is dead, and Npgsql finds that out only by using one: without this, each would fail one more request after the server
/// is back. With it, the first failure closes them all and the next request opens a fresh connection.
/// </summary>
internal sealed class PostgresPoolReset : DbCommandInterceptor, IDbConnectionInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Reset(command.Connection, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(command.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Reset(connection, eventData.Exception);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(connection, eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Reset(DbConnection? connection, Exception exception)
    {
        if (connection is NpgsqlConnection npgsql && StoreOutage.Unreachable(exception) is not null)
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }
}
