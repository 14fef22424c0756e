using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Instr.Benchmarks.Watch;

/// <summary>CPU time a process has used (user + system, all threads), from /proc/PID/stat, and windows over it.</summary>
internal static partial class ProcessCpu
{
    // sysconf(_SC_CLK_TCK): the unit of utime/stime; 100 on every Linux we know, but asked rather than assumed.
    private const int ClockTicksName = 2;

    private static readonly long s_ticksPerSecond = ReadTicksPerSecond();

    /// <summary>Seconds of CPU used so far: fields 14 (utime) + 15 (stime) of /proc/PID/stat.</summary>
    public static double UsedSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field 14 is fields[11] and field 15 is fields[12].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (double)ticks / s_ticksPerSecond;
    }

    /// <summary>Percent of one core each process in <paramref name="pids"/> used while the caller waited <paramref name="window"/>.</summary>
    public static double[] Measure(TimeSpan window, params int[] pids)
    {
        var before = pids.Select(UsedSeconds).ToArray();
        var started = Stopwatch.GetTimestamp();
        Thread.Sleep(window);
        var after = pids.Select(UsedSeconds).ToArray();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return [.. after.Zip(before, (a, b) => (a - b) / seconds * 100)];
    }

    private static long ReadTicksPerSecond()
    {
        var ticks = SysConf(ClockTicksName);
        return ticks > 0 ? ticks : throw new InvalidOperationException("sysconf(_SC_CLK_TCK) failed");
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
