using Keygate.Hosting;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>
/// Deletes session rows a day after they stopped being good (logged out, or past their twelve hours), so the table
/// holds the sessions that can still be used and not every login there ever was. A day's grace keeps a just-ended
/// session around for whoever is looking into it; the audit trail keeps the logins and logouts for good.
/// </summary>
internal sealed partial class SessionSweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<SessionSweeper> logger) : PeriodicService(time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override void ReportFailure(Exception exception) => LogFailed(logger, exception);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var before = Time.GetUtcNow().UtcDateTime - Grace;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await db.Sessions.Where(s => s.ExpiresAt < before || s.EndedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "Deleting ended sessions failed; the next sweep tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
