using Instr.Agent.Counters;
using Instr.Protocol.V1;
using Instr.Shared;
using Instr.Shared.Json;

namespace Instr.Agent.Services;

/// <summary>
/// INSTR_REPORT=path: at process exit, writes the final counters in the shape of `instr watch --once --json`, so
/// short-lived processes (tests, batch jobs, CLIs) can be counted without anyone watching.
/// </summary>
internal static class ExitReport
{
    private static int s_registered;

    public static void RegisterOnce(EngineAccess engine, int pid)
    {
        var path = Environment.GetEnvironmentVariable(InstrEnvironment.Report);
        if (string.IsNullOrWhiteSpace(path) || Interlocked.Exchange(ref s_registered, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Write(path, engine, pid);
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
