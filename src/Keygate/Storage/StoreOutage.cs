using Keygate.Http;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Keygate.Storage;

/// <summary>
/// A request that needed PostgreSQL while it could not be reached (refused connections, timeouts, a server shutting
/// down or starting up) is answered 503 <c>unavailable</c> with <c>Retry-After</c>, like one that needed Redis. Nothing
/// was acknowledged: a change and its audit entry commit together or not at all, so the client may simply retry.
/// Every other database failure (a constraint broken, a query PostgreSQL rejects) keeps its 500: those are faults to
/// fix, not outages to wait out. Npgsql reconnects on its own once the server answers, so no restart is needed.
/// </summary>
internal sealed partial class StoreOutage(ILogger<StoreOutage> logger) : IExceptionHandler
{
    /// <summary>How long a client is told to wait: a PostgreSQL restart or failover usually takes a few seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted || Unreachable(exception) is not { } failure)
        {
            return false;
        }
        // The failure's kind and SQL state only: Npgsql's messages may name the host, and nothing here names a credential.
        LogUnreachable(logger, failure.GetType().Name, failure.SqlState ?? "none");
        await Problems.WriteUnavailableAsync(context, RetryAfter, "Keygate's database cannot be reached right now; the request was not carried out.");
        return true;
    }

    /// <summary>The exception, or one it wraps (Entity Framework's update and retry exceptions), that says the server is out of reach.</summary>
    public static NpgsqlException? Unreachable(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException npgsql && IsOutage(npgsql))
            {
                return npgsql;
            }
        }
        return null;
    }

    private static bool IsOutage(NpgsqlException exception) => exception switch
    {
        // PostgreSQL answered, and said it cannot serve now: a connection failure, the server shutting down (an operator's
        // fast stop, a crash) or still starting, or out of connections.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        // No answer from PostgreSQL at all: Npgsql raises these for refused or broken connections and timeouts.
        _ => true,
    };

    [LoggerMessage(EventId = 951, Level = LogLevel.Warning, Message = "A request needed the database, which could not be reached ({Failure}, SQL state {SqlState}); answered 503")]
    private static partial void LogUnreachable(ILogger logger, string failure, string sqlState);
}
