using System.Runtime.InteropServices;
using Instr.Patching.Interop;
using Instr.Shared;

namespace Instr.Patching.Runtime.CoreClr;

/// <summary>
/// Everything the engine relies on that belongs to one CoreCLR version, keyed by its JIT-EE interface version (the
/// GUID the JIT reports through ICorJitCompiler::getVersionIdentifier; it changes whenever the JIT/runtime
/// interface changes, and stays the same across a release's servicing updates). The engine serves a runtime only
/// when its GUID is in this table: nothing is ever guessed for an unknown one.
/// </summary>
/// <param name="Name">The runtime line the row belongs to (".NET 8").</param>
/// <param name="Major">Its major version, checked against the running runtime as well.</param>
/// <param name="JitEeVersion">The JIT-EE interface version GUID (from the list shared with the CLI).</param>
/// <param name="Slots">ICorJitInfo vtable slots and JIT flag facts (passed to the native hook).</param>
/// <param name="FixupPrecodeDataOffset">Distance from a FixupPrecode to its data (jump target, then MethodDesc).</param>
/// <param name="VerifiedOn">The runtime versions the row was verified on: the jit-table probe plus the static,
/// hot-loop-osr, generic-definition and inlinable-callee-future-callers scenarios, run self-contained on each.</param>
internal sealed record CoreClrRuntime(string Name, int Major, Guid JitEeVersion, JitSlots Slots, int FixupPrecodeDataOffset, string VerifiedOn);

/// <summary>
/// The served runtimes. How each row was found: the slot order of the JIT interface published for that release
/// (ICorJitInfo = ICorStaticInfo + ICorDynamicInfo + ICorJitInfo methods in declaration order, as generated
/// from ThunkInput.txt), then confirmed on the runtime itself by the <c>jit-table</c> probe scenario (each slot's
/// arguments and results checked during real compiles) and by every count scenario. Facts that are the same on
/// all three rows were measured on each, not assumed: the FixupPrecode (<c>jmp [rip+0x3ffa]</c>: data 0x4000 past
/// the code, jump target then MethodDesc; target = precode+6 until compiled), the call-counting stub shape, the
/// AllocMemArgs layout (final code at +24, writable copy at +32) and CORJIT_FLAG_OSR = bit 7.
/// W^X (on by default since .NET 7) behaves the same on all three: the JIT writes into a writable alias and the
/// runtime copies it to the final address after compileMethod returns, which is why the hook patches the alias.
/// </summary>
internal static class JitInterfaceTable
{
    private const int FixupPrecodeDataOffset = 0x4000;

    public static readonly IReadOnlyList<CoreClrRuntime> Served =
    [
        // .NET 8 (8.0.x): 170 slots.
        new(".NET 8", 8, ServedRuntimes.Net8.JitEeVersion, new JitSlots
        {
            SlotCount = 170,
            CanInline = 6,
            ReportInliningDecision = 8,
            GetMethodDefFromMethod = 113,
            AllocMem = 154,
            GetJitFlags = 169,
            OsrFlagBit = 7,
            ExtraCodeBytes = 8,
        }, FixupPrecodeDataOffset, "8.0.31, 8.0.34 (probe and scenarios); 8.0.0 (the GUID in its JIT)"),

        // .NET 9 (9.0.x): 174 slots (notifyMethodInfoUsage and getTypeDefinition moved canInline up by two).
        new(".NET 9", 9, ServedRuntimes.Net9.JitEeVersion, new JitSlots
        {
            SlotCount = 174,
            CanInline = 8,
            ReportInliningDecision = 10,
            GetMethodDefFromMethod = 118,
            AllocMem = 158,
            GetJitFlags = 173,
            OsrFlagBit = 7,
            ExtraCodeBytes = 8,
        }, FixupPrecodeDataOffset, "9.0.18, 9.0.20, 9.0.23 (probe and scenarios)"),

        // .NET 10 (10.0.x): 176 slots.
        new(".NET 10", 10, ServedRuntimes.Net10.JitEeVersion, new JitSlots
        {
            SlotCount = 176,
            CanInline = 8,
            ReportInliningDecision = 10,
            GetMethodDefFromMethod = 120,
            AllocMem = 160,
            GetJitFlags = 175,
            OsrFlagBit = 7,
            ExtraCodeBytes = 8,
        }, FixupPrecodeDataOffset, "10.0.12"),
    ];

    private static readonly Lazy<(CoreClrRuntime? Row, string? Problem)> RunningRow = new(FindRunning, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool TryGet(Guid version, out JitSlots slots)
    {
        var row = Find(version);
        slots = row?.Slots ?? default;
        return row is not null;
    }

    public static CoreClrRuntime? Find(Guid version) => Served.FirstOrDefault(r => r.JitEeVersion == version);

    /// <summary>The row of the runtime this process runs on, or null with the reason it is not served.</summary>
    public static CoreClrRuntime? Running(out string? problem)
    {
        (var row, problem) = RunningRow.Value;
        return row;
    }

    /// <summary>What the runtime lines served are, for messages.</summary>
    public static string ServedNames => string.Join(", ", Served.Select(r => r.Name));

    private static unsafe (CoreClrRuntime?, string?) FindRunning()
    {
        Guid version;
        try
        {
            NativeHelper.JitVersion(NativeHelper.GetJitCompiler(), (byte*)&version);
        }
        catch (Exception error) when (error is TypeInitializationException or PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            return (null, $"patch engine: cannot ask the JIT for its interface version: {(error.InnerException ?? error).Message}");
        }

        var row = Find(version);
        if (row is null)
        {
            return (null, $"patch engine: unknown JIT-EE interface version {version} ({RuntimeInformation.FrameworkDescription}); " +
                          $"its ICorJitInfo slots are not verified, so the engine refuses to hook this JIT (served: {ServedNames})");
        }

        return row.Major == Environment.Version.Major
            ? (row, null)
            : (null, $"patch engine: the JIT reports the interface version of {row.Name} but the runtime is {RuntimeInformation.FrameworkDescription}; refused");
    }
}
