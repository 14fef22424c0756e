using System.Globalization;
using Instr.Patching.Interop;
using Microsoft.Diagnostics.NETCore.Client;

namespace Instr.Patching.Runtime.CoreClr.Profiling;

/// <summary>
/// The engine's own CLR profiler (Native/instr_profiler.c), attached to this very process through the runtime's
/// diagnostic port the first time a patch needs ReJIT (recompiling the methods that inlined a patched method). Only
/// one profiler can be loaded per process and one with ReJIT enabled can never detach, so this happens at most once,
/// lazily, and when it cannot happen (another profiler owns the process, diagnostics turned off) the reason is kept
/// and the engine uses its IL-clone route instead.
/// </summary>
internal static unsafe class SelfProfiler
{
    private static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(10);
    private static readonly object Gate = new();
    private static bool tried;
    private static string? unavailable;

    /// <summary>True when ReJIT requests can be made; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryEnsureAttached(out string? reason)
    {
        lock (Gate)
        {
            if (NativeHelper.ProfilerAttached() == 1)
            {
                reason = null;
                return true;
            }

            if (!tried)
            {
                tried = true;
                unavailable = Attach();
            }

            reason = unavailable;
            return unavailable is null;
        }
    }

    /// <summary>True when the profiler is attached (without trying to attach it).</summary>
    public static bool IsAttached => NativeHelper.ProfilerAttached() == 1;

    private static string? Attach()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") == "0"
            || Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics_IPC") == "0")
        {
            return "the runtime's diagnostic port is turned off (DOTNET_EnableDiagnostics=0), so the engine cannot load its profiler for ReJIT";
        }

        Guid clsid;
        NativeHelper.ProfilerClsid(&clsid);
        try
        {
            new DiagnosticsClient(Environment.ProcessId).AttachProfiler(AttachTimeout, clsid, NativeHelper.LibraryPath, []);
        }
        catch (ProfilerAlreadyActiveException)
        {
            return "another CLR profiler is already loaded in this process (only one can be), so the engine cannot use ReJIT";
        }
        catch (ServerNotAvailableException e)
        {
            return $"the runtime's diagnostic port is not reachable ({e.Message}), so the engine cannot load its profiler for ReJIT";
        }
        catch (Exception e) when (e is ServerErrorException or UnsupportedCommandException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            return $"the engine's profiler could not be attached ({e.GetType().Name}: {e.Message})";
        }

        if (NativeHelper.ProfilerAttached() != 1)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the engine's profiler was loaded but the runtime did not enable ReJIT (HRESULT 0x{NativeHelper.ProfilerAttachResult():x8})");
        }

        return null;
    }
}
