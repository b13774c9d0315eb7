using BenchmarkDotNet.Attributes;
using Keygate.Authorization;
using Keygate.Keys;

namespace Keygate.Benchmarks;

/// <summary>
/// A wrong secret whose hash differs from the stored one in the first byte must cost what one differing only in
/// the last byte costs: an early-exit comparison would let an attacker learn the stored hash byte by byte from
/// timing. Equal means within noise; the Ratio column of Late against Early answers it.
/// </summary>
public class SecretCompareBenchmarks
{
    private string _secret = "";
    private byte[] _earlyMismatch = [];
    private byte[] _lateMismatch = [];

    [GlobalSetup]
    public void Setup()
    {
        _secret = KeyFormat.NewSecret(KeyEnvironment.Production);
        _earlyMismatch = SecretHash.Of(_secret);
        _earlyMismatch[0] ^= 0xFF;
        _lateMismatch = SecretHash.Of(_secret);
        _lateMismatch[^1] ^= 0xFF;
    }

    [Benchmark(Baseline = true)]
    public bool EarlyMismatch() => SecretHash.Matches(_secret, _earlyMismatch);

    [Benchmark]
    public bool LateMismatch() => SecretHash.Matches(_secret, _lateMismatch);
}
