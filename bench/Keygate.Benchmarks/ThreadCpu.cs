using System.Runtime.InteropServices;

namespace Keygate.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux), to tell what a step costs from how long it waited for a core: on a machine
/// shared with other builds, wall-clock percentiles mostly measure the scheduler.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static long Nanoseconds() =>
        clock_gettime(ClockThreadCpuTime, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project; one blittable call does not warrant it.
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054
}
