using System.Reflection;
using System.Runtime.InteropServices;

namespace Instr.Patching.Interop;

/// <summary>
/// Function pointers into libinstr_native.so (built from Native/instr_native.c next to this assembly).
/// Function pointers rather than [DllImport] because the JIT hook calls some of these while a method is being
/// compiled: a blittable unmanaged function-pointer call needs no IL stub, so it never triggers a nested compile.
/// The library is loaded from this assembly's own directory because the agent runs in a private AssemblyLoadContext.
/// </summary>
internal static unsafe class NativeHelper
{
    public const string LibraryName = "libinstr_native.so";

    // Declared before Library: static initializers run in this order and Load() sets it.
    private static string libraryPath = "";

    private static readonly IntPtr Library = Load();

    /// <summary>Absolute path of the loaded helper (the profiler is attached from this same file).</summary>
    public static string LibraryPath => libraryPath;

    /// <summary>Errors the native JIT hook counted instead of failing a compile.</summary>
    public static ulong HookErrors() => HookErrorsExport();

    public static readonly delegate* unmanaged<long> TlsOffset = (delegate* unmanaged<long>)Export("instr_tls_offset");
    public static readonly delegate* unmanaged<ulong, ulong, int> PoolInit = (delegate* unmanaged<ulong, ulong, int>)Export("instr_pool_init");
    public static readonly delegate* unmanaged<byte*> PoolBase = (delegate* unmanaged<byte*>)Export("instr_pool_base");
    public static readonly delegate* unmanaged<ulong*> PoolNextAddress = (delegate* unmanaged<ulong*>)Export("instr_pool_next_address");
    public static readonly delegate* unmanaged<ulong*> PoolOverflow = (delegate* unmanaged<ulong*>)Export("instr_pool_overflow");
    public static readonly delegate* unmanaged<uint, long> CounterSum = (delegate* unmanaged<uint, long>)Export("instr_counter_sum");
    // SuppressGCTransition: a leaf that neither blocks nor calls back, on every timed call (a plain transition costs ~10 ns).
    public static readonly delegate* unmanaged[SuppressGCTransition]<ulong> Rdtsc = (delegate* unmanaged[SuppressGCTransition]<ulong>)Export("instr_rdtsc");
    // The trampoline a diverting stub handed to the probe wrapper (see CounterStub): first thing in every wrapper.
    public static readonly delegate* unmanaged[SuppressGCTransition]<nint> TakeHandoff = (delegate* unmanaged[SuppressGCTransition]<nint>)Export("instr_take_handoff");
    // Timing histograms (see ThreadHistograms): exit and record are leaves on every timed call, without a GC transition.
    public static readonly delegate* unmanaged<uint, uint, uint, void> HistInit = (delegate* unmanaged<uint, uint, uint, void>)Export("instr_hist_init");
    public static readonly delegate* unmanaged[SuppressGCTransition]<long**, uint, void> HistAttach = (delegate* unmanaged[SuppressGCTransition]<long**, uint, void>)Export("instr_hist_attach");
    public static readonly delegate* unmanaged[SuppressGCTransition]<long, uint> HistIndex = (delegate* unmanaged[SuppressGCTransition]<long, uint>)Export("instr_hist_index");
    public static readonly delegate* unmanaged[SuppressGCTransition]<uint, long, int> HistRecord = (delegate* unmanaged[SuppressGCTransition]<uint, long, int>)Export("instr_hist_record");
    public static readonly delegate* unmanaged[SuppressGCTransition]<uint, ulong, long> TimingExit = (delegate* unmanaged[SuppressGCTransition]<uint, ulong, long>)Export("instr_timing_exit");
    public static readonly delegate* unmanaged<long*, uint, void> CounterSumAll = (delegate* unmanaged<long*, uint, void>)Export("instr_counter_sum_all");
    public static readonly delegate* unmanaged<ulong> PoolBlocksUsed = (delegate* unmanaged<ulong>)Export("instr_pool_blocks_used");
    public static readonly delegate* unmanaged<ulong*, ulong, ulong, int> CodeCas8 = (delegate* unmanaged<ulong*, ulong, ulong, int>)Export("instr_code_cas8");
    public static readonly delegate* unmanaged<uint, ulong**, ulong*, ulong*, int*, void> CodeCas8Many = (delegate* unmanaged<uint, ulong**, ulong*, ulong*, int*, void>)Export("instr_code_cas8_many");
    public static readonly delegate* unmanaged<byte*, byte*, uint, int> CodeWrite = (delegate* unmanaged<byte*, byte*, uint, int>)Export("instr_code_write");
    // The PROT_* bits of the mapping holding an address (-1: none), and how often /proc/self/maps was parsed for them.
    public static readonly delegate* unmanaged<nint, int> PageProtection = (delegate* unmanaged<nint, int>)Export("instr_page_protection");
    public static readonly delegate* unmanaged<ulong> MapsParseCount = (delegate* unmanaged<ulong>)Export("instr_maps_parse_count");
    public static readonly delegate* unmanaged<nint, ulong, ulong> StubReserve = (delegate* unmanaged<nint, ulong, ulong>)Export("instr_stub_reserve");
    public static readonly delegate* unmanaged<nint, uint, byte*> StubAlloc = (delegate* unmanaged<nint, uint, byte*>)Export("instr_stub_alloc");
    public static readonly delegate* unmanaged<nint, int, int> WatchHandle = (delegate* unmanaged<nint, int, int>)Export("instr_watch_handle");
    public static readonly delegate* unmanaged<nint, uint, uint, int, int> WatchToken = (delegate* unmanaged<nint, uint, uint, int, int>)Export("instr_watch_token");
    public static readonly delegate* unmanaged<uint*, CompileRecord*> Registry = (delegate* unmanaged<uint*, CompileRecord*>)Export("instr_registry");
    public static readonly delegate* unmanaged<int> RegistryInit = (delegate* unmanaged<int>)Export("instr_registry_init");
    public static readonly delegate* unmanaged<nint, byte*, void> JitVersion = (delegate* unmanaged<nint, byte*, void>)Export("instr_jit_version");
    public static readonly delegate* unmanaged<nint, JitSlots*, delegate* unmanaged<CompileEvent*, void>, int> JitInstall =
        (delegate* unmanaged<nint, JitSlots*, delegate* unmanaged<CompileEvent*, void>, int>)Export("instr_jit_install");
    public static readonly delegate* unmanaged<ulong> CompileRecordSize = (delegate* unmanaged<ulong>)Export("instr_compile_record_size");
    public static readonly delegate* unmanaged<ulong> CompileEventSize = (delegate* unmanaged<ulong>)Export("instr_compile_event_size");
    public static readonly delegate* unmanaged<ulong> JitSlotsSize = (delegate* unmanaged<ulong>)Export("instr_jit_slots_size");
    public static readonly delegate* unmanaged<uint*, InlineRecord*> InlineLog = (delegate* unmanaged<uint*, InlineRecord*>)Export("instr_inline_log");
    public static readonly delegate* unmanaged<ulong> InlineLogDropped = (delegate* unmanaged<ulong>)Export("instr_inline_log_dropped");
    private static readonly delegate* unmanaged<ulong> HookErrorsExport = (delegate* unmanaged<ulong>)Export("instr_hook_errors");
    public static readonly delegate* unmanaged<ulong> InlineRecordSize = (delegate* unmanaged<ulong>)Export("instr_inline_record_size");

    // The self-attached profiler (Native/instr_profiler.c).
    public static readonly delegate* unmanaged<Guid*, void> ProfilerClsid = (delegate* unmanaged<Guid*, void>)Export("instr_profiler_clsid");
    public static readonly delegate* unmanaged<int> ProfilerAttached = (delegate* unmanaged<int>)Export("instr_profiler_attached");
    public static readonly delegate* unmanaged<int> ProfilerAttachResult = (delegate* unmanaged<int>)Export("instr_profiler_attach_result");
    public static readonly delegate* unmanaged<uint, nint*, uint*, int> RejitWithInliners = (delegate* unmanaged<uint, nint*, uint*, int>)Export("instr_rejit_with_inliners");
    public static readonly delegate* unmanaged<uint, nint*, uint*, int> Rejit = (delegate* unmanaged<uint, nint*, uint*, int>)Export("instr_rejit");
    public static readonly delegate* unmanaged<uint, nint*, uint*, int*, int> RejitRevert = (delegate* unmanaged<uint, nint*, uint*, int*, int>)Export("instr_rejit_revert");
    public static readonly delegate* unmanaged<uint, ulong**, ulong*, ulong*, int*, int> Cas8Suspended = (delegate* unmanaged<uint, ulong**, ulong*, ulong*, int*, int>)Export("instr_cas8_suspended");
    public static readonly delegate* unmanaged<uint, nint*, nint*, uint*, int> RunningFrames = (delegate* unmanaged<uint, nint*, nint*, uint*, int>)Export("instr_running_frames");
    public static readonly delegate* unmanaged<uint, nint*, nint*, int> FunctionsFromIps = (delegate* unmanaged<uint, nint*, nint*, int>)Export("instr_functions_from_ips");
    public static readonly delegate* unmanaged<delegate* unmanaged<nint, nint, void>, void> JitDynamicCallback =
        (delegate* unmanaged<delegate* unmanaged<nint, nint, void>, void>)Export("instr_jit_dynamic_callback");
    public static readonly delegate* unmanaged<uint*, RejitEvent*> RejitLog = (delegate* unmanaged<uint*, RejitEvent*>)Export("instr_rejit_log");
    public static readonly delegate* unmanaged<ulong> RejitEventSize = (delegate* unmanaged<ulong>)Export("instr_rejit_event_size");

    private static IntPtr Load()
    {
        var directory = Path.GetDirectoryName(typeof(NativeHelper).Assembly.Location);
        if (string.IsNullOrEmpty(directory))
        {
            directory = AppContext.BaseDirectory;
        }

        var path = Path.Combine(directory, LibraryName);
        if (!File.Exists(path))
        {
            throw new PlatformNotSupportedException($"patch engine: native helper {LibraryName} not found next to {typeof(NativeHelper).Assembly.GetName().Name}.dll ({directory})");
        }

        libraryPath = Path.GetFullPath(path);
        return NativeLibrary.Load(path);
    }

    private static IntPtr Export(string name) => NativeLibrary.GetExport(Library, name);

    /// <summary>Loads libclrjit.so (already loaded by the runtime) and returns its ICorJitCompiler.</summary>
    public static nint GetJitCompiler()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var jit = NativeLibrary.Load(Path.Combine(runtimeDirectory, "libclrjit.so"));
        var getJit = (delegate* unmanaged<nint>)NativeLibrary.GetExport(jit, "getJit");
        return getJit();
    }
}

/// <summary>Mirror of struct compile_record in instr_native.c.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CompileRecord
{
    public nint MethodHandle;
    public nint Scope;
    public nint Code;
    public ulong JitFlags;
    public uint Token;
    public uint Size;
    public uint Reserved;
    public uint State;
}

/// <summary>Mirror of struct inline_record in instr_native.c: one inline the JIT did, in the body of a compile.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct InlineRecord
{
    /// <summary>The inlined method's handle (MethodDesc); 0 while the record is being written.</summary>
    public nint Inlinee;

    /// <summary>Index of the compile record whose body contains the inlined copy.</summary>
    public uint Compile;

    public uint Token;
}

/// <summary>Mirror of struct rejit_event in instr_profiler.c.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RejitEvent
{
    public nint Module;
    public nint Function;
    public uint Token;
    public int Result;

    /// <summary>1 = new version configured (GetReJITParameters), 2 = ReJIT error, 3 = ReJIT compilation finished;
    /// 0 while the event is being written.</summary>
    public uint Kind;

    public uint Sequence;
}

/// <summary>Mirror of struct compile_event in instr_native.c: a watched method's new body, not yet published.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CompileEvent
{
    public nint MethodHandle;
    public nint Scope;
    public nint Code;
    public nint CodeWritable;
    public ulong JitFlags;
    public uint Token;
    public uint Size;
    public uint Reserved;
    public uint Padding;
}

/// <summary>Mirror of struct jit_slots in instr_native.c.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct JitSlots
{
    public uint SlotCount;
    public uint AllocMem;
    public uint GetJitFlags;
    public uint CanInline;
    public uint GetMethodDefFromMethod;
    public uint OsrFlagBit;
    public uint ExtraCodeBytes;

    /// <summary>ICorJitInfo::reportInliningDecision (the JIT reports every inline it decided).</summary>
    public uint ReportInliningDecision;

    /// <summary>AllocMemArgs (the one argument of allocMem): where the requested hot code size is (the hook adds
    /// room to it), and where the runtime returns the final code address and its writable alias (W^X).</summary>
    public uint AllocMemHotSizeAt;

    public uint AllocMemCodeAt;

    public uint AllocMemWritableCodeAt;
}
