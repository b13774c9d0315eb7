using BenchmarkDotNet.Running;

namespace Keygate.Benchmarks;

// Not top-level statements: Keygate exposes a global Program (for WebApplicationFactory), which would clash.
public static class Program
{
    // Pick benchmarks on the command line: `-- --filter '*'` runs them all (docs/BENCHMARKS.md).
    // `-- scale …` runs the hand-timed scale probes of issue 12 instead (ScaleProbes).
    public static async Task Main(string[] args)
    {
        if (args.FirstOrDefault() == "scale")
        {
            await ScaleProbes.RunAsync(args[1..]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
