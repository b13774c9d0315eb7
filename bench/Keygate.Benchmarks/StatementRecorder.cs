using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Keygate.Benchmarks;

/// <summary>
/// Collects the SQL that Entity Framework sends while recording, from its diagnostic events: a probe can then explain the
/// statements the product really runs (compiled queries included) instead of a copy of their LINQ. Start it before the
/// database is opened: EF asks whether anyone listens only about once a second, so a late listener hears nothing at first.
/// </summary>
internal sealed class StatementRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<string> _statements = [];
    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _capturing;

    private StatementRecorder()
    {
    }

    public static StatementRecorder Start()
    {
        var recorder = new StatementRecorder();
        recorder._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(recorder));
        return recorder;
    }

    /// <summary>The statements sent while <paramref name="work"/> ran.</summary>
    public async Task<string[]> CaptureAsync(Func<Task> work)
    {
        _capturing = true;
        try
        {
            await work();
        }
        finally
        {
            _capturing = false;
        }
        lock (_statements)
        {
            string[] captured = [.. _statements];
            _statements.Clear();
            return captured;
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> entry)
    {
        if (_capturing && entry.Key == RelationalEventId.CommandExecuting.Name && entry.Value is CommandEventData command)
        {
            lock (_statements)
            {
                _statements.Add(command.Command.CommandText);
            }
        }
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(subscription => subscription.Dispose());
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
