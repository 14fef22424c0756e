using Instr.Patching;

namespace Instr.Agent.Services;

/// <summary>
/// Gets the process-wide patch engine once. When the engine cannot run here (another OS, architecture or runtime
/// version) the reason is kept and every patch is refused with it, while listing and watching keep working.
/// </summary>
internal sealed class EngineAccess
{
    private readonly Lazy<(MethodPatcher? Engine, string? Unavailable)> _engine = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The engine, or null with <paramref name="reason"/> saying why it is not available.</summary>
    public MethodPatcher? TryGet(out string? reason)
    {
        var (engine, unavailable) = _engine.Value;
        reason = unavailable;
        return engine;
    }

    /// <summary>Live patches, or none when the engine is unavailable.</summary>
    public IReadOnlyList<PatchedMethod> LivePatches()
    {
        var engine = TryGet(out _);
        return engine is null ? [] : engine.Patched;
    }

    /// <summary>Changes whenever a patch is added or removed (0 when the engine is unavailable).</summary>
    public long LiveVersion() => TryGet(out _)?.LiveVersion ?? 0;

    /// <summary>How many failures the engine kept from the app so far; a new one is written to the agent log.</summary>
    public ulong Faults()
    {
        if (TryGet(out _) is null)
        {
            return 0;
        }

        var faults = MethodPatcher.Faults;
        var total = (ulong)Math.Max(0, faults.Total);
        FaultLog.Report(faults);
        return total;
    }

    /// <summary>The latest failure's text ("" when there was none).</summary>
    public static string LastFault() => MethodPatcher.Faults.LastFailure ?? "";

    private static (MethodPatcher?, string?) Load()
    {
        try
        {
            return (MethodPatcher.Shared, null);
        }
        // InvalidOperationException: the engine could not reserve its stub memory at start.
        catch (Exception error) when (error is PlatformNotSupportedException or NotImplementedException or TypeInitializationException or DllNotFoundException or InvalidOperationException)
        {
            var reason = $"patch engine unavailable: {(error.InnerException ?? error).Message}";
            ServiceLog.Info(reason);
            return (null, reason);
        }
    }
}
