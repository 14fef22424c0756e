using System.Runtime.InteropServices;
using Instr.Patching.Interop;
using Instr.Shared;

namespace Instr.Patching.Runtime.CoreClr;

/// <summary>
/// The served runtimes: one <see cref="CoreClrRuntime"/> row per JIT-EE version, and the only place that holds
/// runtime-version facts (the native hook receives them from here; nothing else in the engine hard-codes one).
/// The engine serves a runtime only when its GUID is in this table: nothing is ever guessed for an unknown one.
/// How each row was found: the slot order of the JIT interface published for that release
/// (ICorJitInfo = ICorStaticInfo + ICorDynamicInfo + ICorJitInfo methods in declaration order, as generated
/// from ThunkInput.txt), then confirmed on the runtime itself by the <c>jit-table</c> probe scenario (each slot's
/// arguments and results checked during real compiles) and by every count scenario. Facts that are the same on
/// all three rows were measured on each, not assumed, and are still written in each row, so a runtime that changes
/// one changes only its own row: the FixupPrecode data 0x4000 past the code (jump target then MethodDesc; target =
/// precode+6 until compiled), the AllocMemArgs layout (hot code size at +0, final code at +24, writable alias at
/// +32) and CORJIT_FLAG_OSR = bit 7.
/// W^X (on by default since .NET 7) behaves the same on all three: the JIT writes into the writable alias and the
/// runtime copies it to the final address after compileMethod returns, which is why the hook patches the alias
/// (with W^X off the alias is null and the hook writes the final code).
/// </summary>
internal static class JitInterfaceTable
{
    // The values measured on .NET 8, 9 and 10 (see above); a row for a runtime that differs gets its own values.
    private static readonly FixupPrecodeLayout Precode8To10 = new(DataOffset: 0x4000, MethodDescInData: 8, UncompiledTargetOffset: 6);
    private const uint OsrFlagBit8To10 = 7;
    private const uint AllocMemHotSizeAt8To10 = 0;
    private const uint AllocMemCodeAt8To10 = 24;
    private const uint AllocMemWritableCodeAt8To10 = 32;

    // Bytes of room the hook asks allocMem for after a watched or dynamic method's body (engine policy, not a runtime fact).
    private const uint ExtraCodeBytes = 8;

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
            OsrFlagBit = OsrFlagBit8To10,
            ExtraCodeBytes = ExtraCodeBytes,
            AllocMemHotSizeAt = AllocMemHotSizeAt8To10,
            AllocMemCodeAt = AllocMemCodeAt8To10,
            AllocMemWritableCodeAt = AllocMemWritableCodeAt8To10,
        }, Precode8To10, "8.0.31, 8.0.34 (probe and scenarios); 8.0.0 (the GUID in its JIT)"),

        // .NET 9 (9.0.x): 174 slots (notifyMethodInfoUsage and getTypeDefinition moved canInline up by two).
        new(".NET 9", 9, ServedRuntimes.Net9.JitEeVersion, new JitSlots
        {
            SlotCount = 174,
            CanInline = 8,
            ReportInliningDecision = 10,
            GetMethodDefFromMethod = 118,
            AllocMem = 158,
            GetJitFlags = 173,
            OsrFlagBit = OsrFlagBit8To10,
            ExtraCodeBytes = ExtraCodeBytes,
            AllocMemHotSizeAt = AllocMemHotSizeAt8To10,
            AllocMemCodeAt = AllocMemCodeAt8To10,
            AllocMemWritableCodeAt = AllocMemWritableCodeAt8To10,
        }, Precode8To10, "9.0.18, 9.0.20, 9.0.23 (probe and scenarios)"),

        // .NET 10 (10.0.x): 176 slots.
        new(".NET 10", 10, ServedRuntimes.Net10.JitEeVersion, new JitSlots
        {
            SlotCount = 176,
            CanInline = 8,
            ReportInliningDecision = 10,
            GetMethodDefFromMethod = 120,
            AllocMem = 160,
            GetJitFlags = 175,
            OsrFlagBit = OsrFlagBit8To10,
            ExtraCodeBytes = ExtraCodeBytes,
            AllocMemHotSizeAt = AllocMemHotSizeAt8To10,
            AllocMemCodeAt = AllocMemCodeAt8To10,
            AllocMemWritableCodeAt = AllocMemWritableCodeAt8To10,
        }, Precode8To10, "10.0.12"),
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

    /// <summary>The row for a JIT reporting <paramref name="version"/> inside a runtime of major version
    /// <paramref name="runtimeMajor"/>, or null with a one-line reason: an unknown GUID, or a known one in a runtime
    /// of another version (a JIT copied between runtimes), is refused, never guessed.</summary>
    public static CoreClrRuntime? Select(Guid version, int runtimeMajor, string runtimeDescription, out string? problem)
    {
        problem = null;
        var row = Find(version);
        if (row is null)
        {
            problem = $"patch engine: unknown JIT-EE interface version {version} ({runtimeDescription}); " +
                      $"its ICorJitInfo slots are not verified, so the engine refuses to hook this JIT (served: {ServedNames})";
            return null;
        }

        if (row.Major != runtimeMajor)
        {
            problem = $"patch engine: the JIT reports the interface version of {row.Name} but the runtime is {runtimeDescription}; refused";
            return null;
        }

        return row;
    }

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

        var row = Select(version, Environment.Version.Major, RuntimeInformation.FrameworkDescription, out var problem);
        return (row, problem);
    }
}
