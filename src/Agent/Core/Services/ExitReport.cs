using Instr.Agent.Counters;
using Instr.Protocol.V1;
using Instr.Shared;
using Instr.Shared.Json;

namespace Instr.Agent.Services;

/// <summary>
/// INSTR_REPORT=path: at process exit, writes the final counters in the shape of `instr watch --once --json`, so
/// short-lived processes (tests, batch jobs, CLIs) can be counted without anyone watching. The variable is inherited
/// by every child .NET process (a `dotnet test` run has several), so "{pid}" in the path is replaced by the process id:
/// each process then writes its own report instead of the last one to exit overwriting the others.
/// </summary>
internal static class ExitReport
{
    public const string PidPlaceholder = "{pid}";

    private static int s_registered;

    public static void RegisterOnce(EngineAccess engine, int pid)
    {
        var path = Environment.GetEnvironmentVariable(InstrEnvironment.Report);
        if (string.IsNullOrWhiteSpace(path) || Interlocked.Exchange(ref s_registered, 1) != 0)
        {
            return;
        }

        var own = path.Replace(PidPlaceholder, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Write(own, engine, pid);
    }

    internal static void Write(string path, EngineAccess engine, int pid)
    {
        try
        {
            var snapshot = new WatchSnapshot { TimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Pid = pid };
            snapshot.Methods.AddRange(new MethodCounterSampler().Sample(engine.LivePatches()));
            File.WriteAllText(path, WatchSnapshotJson.Serialize(snapshot) + "\n");
        }
        catch (Exception error)
        {
            ServiceLog.Error($"INSTR_REPORT could not be written to {path}", error);
        }
    }
}
