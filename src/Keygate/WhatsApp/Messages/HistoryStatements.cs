using System.Data;
using System.Data.Common;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// The three statements message history is made of, prepared once per batch on the batch's connection and
/// transaction. Set-based SQL rather than change tracking: a busy sandbox writes five rows per send, and
/// duplicates (Meta retrying a webhook) are turned away by the database itself, with no read first.
/// Plain SQL that reads the same on SQLite and PostgreSQL.
/// </summary>
internal sealed class HistoryStatements : IAsyncDisposable
{
    private readonly DbCommand _insertMessage;
    private readonly DbCommand _insertFirstChange;
    private readonly DbCommand _insertChange;
    private readonly DbCommand _advance;

    private HistoryStatements(DbConnection connection, DbTransaction transaction)
    {
        _insertMessage = Command(connection, transaction, """
            INSERT INTO "Messages" ("Id", "AccountId", "PhoneNumberId", "KeyId", "Direction", "Counterpart", "Type", "TemplateName", "Content", "Status", "CreatedAt", "UpdatedAt")
            VALUES (@id, @account, @phone, @key, @direction, @counterpart, @type, @template, @content, @status, @at, @at)
            ON CONFLICT ("Id") DO NOTHING
            """, "@id", "@account", "@phone", "@key", "@direction", "@counterpart", "@type", "@template", "@content", "@status", "@at");
        // A new message's own first step: the message was just inserted, so nothing needs checking or advancing.
        _insertFirstChange = Command(connection, transaction, """
            INSERT INTO "MessageStatusChanges" ("MessageId", "Status", "At", "Error") VALUES (@id, @status, @at, @error)
            """, "@id", "@status", "@at", "@error");
        // A status joins the timeline once, and only for a message Keygate knows, of the owner the status names
        // (if it names one): the rest of a status's effects follow from this row being written.
        _insertChange = Command(connection, transaction, """
            INSERT INTO "MessageStatusChanges" ("MessageId", "Status", "At", "Error")
            SELECT @id, @status, @at, @error WHERE EXISTS (
                SELECT 1 FROM "Messages" WHERE "Id" = @id AND (@account IS NULL OR ("AccountId" = @account AND "PhoneNumberId" = @phone)))
            ON CONFLICT ("MessageId", "Status", "At") DO NOTHING
            """, "@id", "@status", "@at", "@error", "@account", "@phone");
        // Typed, so that PostgreSQL can tell what a null owner is.
        _insertChange.Parameters["@account"].DbType = DbType.String;
        _insertChange.Parameters["@phone"].DbType = DbType.String;
        // The current status only moves forward (read is not undone by a late delivered); failed is final;
        // an inbound message (received) becomes read when the business marks it.
        _advance = Command(connection, transaction, $"""
            UPDATE "Messages" SET "Status" = @status, "UpdatedAt" = @at
            WHERE "Id" = @id AND "Status" <> {(int)MessageState.Failed}
              AND ("Status" < @status OR ("Status" = {(int)MessageState.Received} AND @status = {(int)MessageState.Read}))
            """, "@id", "@status", "@at");
    }

    public static HistoryStatements Prepare(KeygateDbContext db) =>
        new(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction());

    /// <summary>Stores a message and its first timeline step; false when it was stored before.</summary>
    public async Task<bool> AddMessageAsync(Message message)
    {
        Set(_insertMessage, message.Id, message.AccountId, message.PhoneNumberId, message.KeyId, (int)message.Direction, message.Counterpart,
            message.Type, message.TemplateName, message.Content, (int)message.Status, message.CreatedAt);
        if (await _insertMessage.ExecuteNonQueryAsync() == 0)
        {
            return false;
        }
        foreach (var change in message.Timeline)
        {
            Set(_insertFirstChange, message.Id, (int)change.Status, change.At, change.Error);
            await _insertFirstChange.ExecuteNonQueryAsync();
        }
        return true;
    }

    /// <summary>Adds a status to the timeline and moves the message forward; false when it was known already.</summary>
    public async Task<bool> AddStatusAsync(MessageLog.StatusUpdate update)
    {
        Set(_insertChange, update.MessageId, (int)update.Status, update.At, update.Error, update.Owner?.AccountId, update.Owner?.PhoneNumberId);
        if (await _insertChange.ExecuteNonQueryAsync() == 0)
        {
            return false;
        }
        Set(_advance, update.MessageId, (int)update.Status, update.At);
        await _advance.ExecuteNonQueryAsync();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _insertMessage.DisposeAsync();
        await _insertFirstChange.DisposeAsync();
        await _insertChange.DisposeAsync();
        await _advance.DisposeAsync();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
