using System.Net;
using BenchmarkDotNet.Attributes;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Misuse;
using Keygate.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Keygate.Benchmarks;

/// <summary>
/// What every answered key request pays after its endpoint: <c>KeyRequestObservation</c> builds one
/// <c>KeyRequest</c> (features, endpoint group, outcome, address, clock) and hands it to each observer,
/// <c>UsageRecorder</c> (find the minute's cell, increment it, remember the last use) and
/// <c>MisuseMonitor</c> (the detectors, under the key's lock). Each part is measured alone and then the
/// whole step as the host runs it. Nothing drains the recorder here, as the writer does every 10 s in the
/// host; one key, group and outcome make one cell per minute either way.
/// </summary>
[MemoryDiagnoser]
public class UsageBenchmarks
{
    private UsageRecorder _recorder = null!;
    private MisuseMonitor _misuse = null!;
    private KeyRequestObservation _usageOnly = null!;
    private KeyRequestObservation _usageAndMisuse = null!;
    private DefaultHttpContext _context = null!;
    private KeySnapshot _key = null!;
    private IPAddress _address = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = KeySnapshot.From(BenchmarkKeys.NewKey("acc_benchmarks00000000", DateTime.UtcNow, out _), TimeProvider.System.GetTimestamp());
        _address = IPAddress.Loopback;
        _recorder = new UsageRecorder(TimeProvider.System);
        _misuse = new MisuseMonitor(new InProcessMisuseState(TimeProvider.System), Options.Create(new MisuseOptions()));
        _usageOnly = new KeyRequestObservation(_ => Task.CompletedTask, new KeyObservations([_recorder]), TimeProvider.System);
        _usageAndMisuse = new KeyRequestObservation(_ => Task.CompletedTask, new KeyObservations([_recorder, _misuse]), TimeProvider.System);
        _context = new DefaultHttpContext();
        _context.Features.Set(_key);
        _context.Connection.RemoteIpAddress = _address;
        _context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new TagsAttribute("Permissions")), "bench"));

        Record();
        if (_recorder.Drain().Counts.Count != 1)
        {
            throw new InvalidOperationException("One Record call did not make exactly one usage cell.");
        }
        // A fresh key from one address is still learning its networks and has no baseline: nothing is raised.
        Misuse();
        if (_misuse.Alerts.TryRead(out _))
        {
            throw new InvalidOperationException("Misuse detection raised an alert on ordinary traffic.");
        }
    }

    /// <summary>The recorder alone, with what the middleware passes for a successful call, clock read included.</summary>
    [Benchmark]
    public void Record() => _recorder.Record(_key.Id, _key.AccountId, "permissions", Outcomes.Ok, _address, TimeProvider.System.GetUtcNow());

    /// <summary>The misuse detectors alone, for a successful call from a known network.</summary>
    [Benchmark]
    public void Misuse() => _misuse.Observe(new KeyRequest(_key, "permissions", Outcomes.Ok, null, _address, TimeProvider.System.GetUtcNow()));

    /// <summary>The observation middleware with usage as its only observer: the usage step before misuse detection.</summary>
    [Benchmark]
    public Task ObservationUsageOnly() => _usageOnly.InvokeAsync(_context);

    /// <summary>The observation middleware as the host registers it: usage, then misuse.</summary>
    [Benchmark]
    public Task ObservationUsageAndMisuse() => _usageAndMisuse.InvokeAsync(_context);
}
