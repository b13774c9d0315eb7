using BenchmarkDotNet.Running;

namespace Keygate.Benchmarks;

// Not top-level statements: Keygate exposes a global Program (for WebApplicationFactory), which would clash.
public static class Program
{
    // Pick benchmarks on the command line: `-- --filter '*'` runs them all (docs/BENCHMARKS.md).
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
