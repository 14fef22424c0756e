using System.Runtime.InteropServices;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Platforms;

/// <summary>
/// The platform the engine runs on — system × architecture × runtime — picked once per process, and the one guard:
/// anything but Linux × x64 × a CoreCLR with a row in <see cref="JitInterfaceTable"/> is refused up front with a
/// one-line reason, before anything in the process is changed, instead of failing later inside machine code.
/// <para>
/// Where each part's facts live: the system's (executable memory near the code, atomic code writes, the initial-exec
/// TLS slot of the counters) in <c>Native/instr_native.c</c>; the architecture's (instruction decoding and encoding,
/// detour and stub shapes, the shapes of the runtime's stubs) in <c>Platforms/X64/</c>; the runtime version's
/// (JIT-EE slots, OSR bit, AllocMemArgs layout, precode data offset) in the <see cref="CoreClrRuntime"/> row.
/// </para>
/// </summary>
/// <param name="System">The operating system (only Linux is served).</param>
/// <param name="Architecture">The process architecture (only x64 is served).</param>
/// <param name="Runtime">The running CoreCLR's row.</param>
internal sealed record Platform(string System, Architecture Architecture, CoreClrRuntime Runtime)
{
    private static readonly Lazy<(Platform? Platform, string? Problem)> Picked = new(PickRunning, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>This process's platform; throws <see cref="UnsupportedRuntimeException"/> with the reason when it is
    /// not served (the answer is the same on every call).</summary>
    public static Platform Current => Picked.Value.Platform ?? throw new UnsupportedRuntimeException(Picked.Value.Problem!);

    public static void EnsureSupported() => _ = Current;

    /// <summary>Why a process with these properties cannot be served before its runtime row is even looked at, or
    /// null when the system, architecture and runtime kind are served.</summary>
    public static string? RefusalBeforeRuntime(bool isLinux, string osDescription, Architecture architecture, string frameworkDescription, bool isMono)
    {
        if (!isLinux)
        {
            return $"patch engine: only Linux is supported (this is {osDescription})";
        }

        if (architecture != Architecture.X64)
        {
            return $"patch engine: only x64 is supported (this is {architecture})";
        }

        if (!frameworkDescription.StartsWith(".NET ", StringComparison.Ordinal) || isMono)
        {
            return $"patch engine: only CoreCLR is supported (this is {frameworkDescription})";
        }

        return null;
    }

    private static (Platform?, string?) PickRunning()
    {
        var refusal = RefusalBeforeRuntime(OperatingSystem.IsLinux(), RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture,
            RuntimeInformation.FrameworkDescription, Type.GetType("Mono.RuntimeStructs") is not null);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var row = JitInterfaceTable.Running(out var problem);
        return row is null ? (null, problem) : (new Platform("Linux", Architecture.X64, row), null);
    }
}
