using System.Globalization;
using Instr.Patching;

namespace Instr.Agent.Services;

/// <summary>Writes engine faults to the agent log once each (the count is read often; only a change is news).</summary>
internal static class FaultLog
{
    private static long s_reported;

    public static void Report(EngineFaults faults)
    {
        var seen = Interlocked.Read(ref s_reported);
        if (faults.Total <= seen || Interlocked.CompareExchange(ref s_reported, faults.Total, seen) != seen)
        {
            return;
        }

        ServiceLog.Info(string.Create(CultureInfo.InvariantCulture,
            $"engine faults kept from the app: {faults.CallbackFailures} JIT callback failures, {faults.NativeHookErrors} native hook errors, {faults.ProbeFailures} probe failures; latest: {faults.LastFailure ?? "none"}"));
    }
}
