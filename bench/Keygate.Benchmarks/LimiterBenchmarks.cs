using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keygate.Benchmarks;

/// <summary>
/// What the limits step costs a request once the key's counters are warm: <c>KeyLimiter.TryAcquireAsync</c>
/// for a key with two rate-limit windows and two quotas, all far from their limits, against a key with none
/// (which returns <c>LimitDecision.Unlimited</c> at once). Quotas spend from blocks reserved in a real SQLite
/// file. With the default <see cref="LimitCounterOptions.MaxReservation"/> of 10,000 each quota reserves its next
/// block every 10,000 calls, a committed write that is part of the steady-state mean; with a block larger
/// than any run (<see cref="MaxReservation"/> = 1e12, so the block is 1 % of the 1e12 quota, 1e10 calls)
/// the figures are the in-memory path alone. Account-wide limits are measured in one case of their own;
/// the other keys' accounts have none, as in bench/http.
/// </summary>
[MemoryDiagnoser]
public class LimiterBenchmarks
{
    private BenchmarkDatabase _database = null!;
    private ServiceProvider _services = null!;
    private KeyLimiter _limiter = null!;
    private KeySnapshot _limited = null!;
    private KeySnapshot _unlimited = null!;
    private KeySnapshot _limitedWithAccount = null!;
    private LimitsMiddleware _middleware = null!;
    private DefaultHttpContext _context = null!;
    private DefaultHttpContext _unlimitedContext = null!;

    /// <summary>10,000 is the production default; 1e12 keeps every call on the in-memory path.</summary>
    [Params(10_000L, 1_000_000_000_000L)]
    public long MaxReservation { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(services => services.AddLogging());
        _services = _database.Services;

        // Built by hand rather than by AddKeygateLimits, which would register a hosted service here.
        var options = Options.Create(new LimitCounterOptions { MaxReservation = MaxReservation });
        // The limiter's counters, with nothing listening to them.
        var metrics = new LimitMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var counters = new InProcessLimitCounters(new QuotaLedger(_services.GetRequiredService<IServiceScopeFactory>(), metrics), TimeProvider.System, options);
        _limiter = new KeyLimiter(counters, metrics, TimeProvider.System);

        var now = DateTime.UtcNow;
        var limited = BenchmarkKeys.NewKey("acc_bench", now, out _);
        limited.RateLimits =
        [
            new RateLimitRule { Name = "w1", Limit = 1_000_000_000, PeriodSeconds = 1 },
            new RateLimitRule { Name = "w60", Limit = 1_000_000_000, PeriodSeconds = 60 },
        ];
        limited.Quotas =
        [
            new QuotaRule { Metric = QuotaMetric.Requests, Period = QuotaPeriod.Day, Limit = 1_000_000_000_000 },
            new QuotaRule { Metric = QuotaMetric.Requests, Period = QuotaPeriod.Month, Limit = 1_000_000_000_000 },
        ];
        _limited = KeySnapshot.From(limited, TimeProvider.System.GetTimestamp());
        _unlimited = KeySnapshot.From(BenchmarkKeys.NewKey("acc_bench", now, out _), TimeProvider.System.GetTimestamp());

        // The same four limits again on the key's account (shared by all its keys), on another key of it.
        var account = BenchmarkKeys.NewAccount(now);
        account.RateLimits = limited.RateLimits;
        account.Quotas = limited.Quotas;
        var withAccount = BenchmarkKeys.NewKey(account.Id, now, out _);
        withAccount.RateLimits = limited.RateLimits;
        withAccount.Quotas = limited.Quotas;
        _limitedWithAccount = KeySnapshot.From(withAccount, TimeProvider.System.GetTimestamp(), account);

        _middleware = new LimitsMiddleware(_ => Task.CompletedTask, new KeyAdmission(_limiter, NullLogger<KeyAdmission>.Instance));
        var endpoint = new Endpoint(_ => Task.CompletedTask, EndpointMetadataCollection.Empty, "bench");
        _context = new DefaultHttpContext();
        _context.Features.Set(_limited);
        _context.SetEndpoint(endpoint);
        _unlimitedContext = new DefaultHttpContext();
        _unlimitedContext.Features.Set(_unlimited);
        _unlimitedContext.SetEndpoint(endpoint);

        // The first call loads both quota counters from the database and reserves their first blocks;
        // after it, the limited key must be admitted on the synchronous path and report a tightest limit.
        foreach (var key in new[] { _limited, _limitedWithAccount })
        {
            var first = await _limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);
            var second = _limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);
            if (!first.Allowed || !second.IsCompletedSuccessfully || second.Result.Tightest is null)
            {
                throw new InvalidOperationException("The warm limiter did not admit a key synchronously: this would not measure the steady state.");
            }
        }
        if (!TwoWindowsTwoQuotas() || !KeyAndAccountTwoWindowsTwoQuotasEach() || !Unlimited())
        {
            throw new InvalidOperationException("A warm limiter refused a call that fits every limit.");
        }
        await LimitsMiddlewareTwoWindowsTwoQuotas();
        await LimitsMiddlewareUnlimited();
        if (!_context.Response.Headers.ContainsKey("RateLimit-Remaining") || _unlimitedContext.Response.Headers.ContainsKey("RateLimit-Remaining"))
        {
            throw new InvalidOperationException("The limits middleware did not write RateLimit-* headers for the limited key only.");
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _database.DisposeAsync();

    /// <summary>Key A of bench/http: no windows, no quotas.</summary>
    [Benchmark]
    public bool Unlimited() => Allowed(_limiter.TryAcquireAsync(_unlimited, Charge.OneRequest, CancellationToken.None));

    /// <summary>Key B of bench/http: advance and check two windows, check two quotas, spend from all four.</summary>
    [Benchmark]
    public bool TwoWindowsTwoQuotas() => Allowed(_limiter.TryAcquireAsync(_limited, Charge.OneRequest, CancellationToken.None));

    /// <summary>The same for a key whose account also has two windows and two quotas: both scopes are checked and spent.</summary>
    [Benchmark]
    public bool KeyAndAccountTwoWindowsTwoQuotasEach() =>
        Allowed(_limiter.TryAcquireAsync(_limitedWithAccount, Charge.OneRequest, CancellationToken.None));

    /// <summary>
    /// The whole step as a request pays it: the middleware's feature and endpoint lookups, the limiter, and the
    /// three RateLimit-* headers (formatted anew each time; the reused context keeps its header dictionary).
    /// </summary>
    [Benchmark]
    public Task LimitsMiddlewareTwoWindowsTwoQuotas() => _middleware.InvokeAsync(_context);

    /// <summary>The middleware for the key without limits: what key A of bench/http pays for this step.</summary>
    [Benchmark]
    public Task LimitsMiddlewareUnlimited() => _middleware.InvokeAsync(_unlimitedContext);

    /// <summary>Waits only when a quota block is being refilled; a warm call completes synchronously.</summary>
    private static bool Allowed(ValueTask<LimitDecision> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result.Allowed : pending.AsTask().GetAwaiter().GetResult().Allowed;
}
