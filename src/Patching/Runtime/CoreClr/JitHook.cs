using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Instr.Patching.Interop;
using Instr.Patching.Platforms;

namespace Instr.Patching.Runtime.CoreClr;

/// <summary>
/// Installs the process-wide JIT hook once (native side: instr_native.c). Every compile is recorded in the
/// compile registry; when a watched method gets a new body (tier-up, PGO recompile, first compile, a new generic
/// instantiation), <see cref="OnWatchedCompile"/> runs while the body is still in the JIT's writable copy, so the
/// body is patched before any thread can run it. OSR bodies are skipped on the native side.
/// </summary>
internal static unsafe class JitHook
{
    private static readonly object InstallLock = new();
    private static Action<CompileEvent>? watchedCompileHandler;
    private static long callbackFailures;
    private static string? lastCallbackFailure;

    // INSTR_TEST_FAULTS=jit-callback makes every watched compile's callback throw, so tests can prove that a failure
    // inside the hook never reaches the app and is reported. Read once; nothing else reads it.
    private static readonly bool InjectCallbackFault =
        (Environment.GetEnvironmentVariable("INSTR_TEST_FAULTS") ?? "").Split(',').Contains("jit-callback");

    public static bool Installed { get; private set; }

    /// <summary>Failures swallowed inside the hook (it must never throw into the JIT).</summary>
    public static long CallbackFailures => Interlocked.Read(ref callbackFailures);

    /// <summary>What the latest swallowed failure was (type and message), or null.</summary>
    public static string? LastCallbackFailure => Volatile.Read(ref lastCallbackFailure);

    public static void Install(Action<CompileEvent> handler)
    {
        lock (InstallLock)
        {
            if (Installed)
            {
                return;
            }

            // The row the platform picked (it refuses an unknown JIT-EE version with the reason).
            var slots = Platform.Current.Runtime.Slots;
            var compiler = NativeHelper.GetJitCompiler();
            CheckLayouts();
            watchedCompileHandler = handler;

            // The callback must be compiled before the JIT can call it: a compile needed from inside the hook
            // would be forwarded unwatched, which is safe but would make the first watched compile slower.
            RuntimeHelpers.PrepareMethod(typeof(JitHook).GetMethod(nameof(OnWatchedCompile), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MethodHandle);
            RuntimeHelpers.PrepareMethod(typeof(Uninlining.DynamicCompiles).GetMethod(nameof(Uninlining.DynamicCompiles.OnDynamicCompile))!.MethodHandle);
            NativeHelper.JitDynamicCallback(&Uninlining.DynamicCompiles.OnDynamicCompile);
            var result = NativeHelper.JitInstall(compiler, &slots, &OnWatchedCompile);
            if (result != 0)
            {
                throw new PlatformNotSupportedException($"patch engine: could not install the JIT hook (errno {result})");
            }

            Installed = true;
        }
    }

    private static void CheckLayouts()
    {
        if (NativeHelper.CompileRecordSize() != (ulong)sizeof(CompileRecord) || NativeHelper.CompileEventSize() != (ulong)sizeof(CompileEvent)
            || NativeHelper.JitSlotsSize() != (ulong)sizeof(JitSlots))
        {
            throw new PlatformNotSupportedException("patch engine: native helper does not match this engine build (struct layouts differ)");
        }
    }

    [UnmanagedCallersOnly]
    private static void OnWatchedCompile(CompileEvent* compileEvent)
    {
        // Runs on a JIT thread, inside compileMethod: never throw, keep the thread's last P/Invoke error.
        var lastError = Marshal.GetLastPInvokeError();
        var lastSystemError = Marshal.GetLastSystemError();
        try
        {
            if (InjectCallbackFault)
            {
                throw new InvalidOperationException("fault injected by INSTR_TEST_FAULTS=jit-callback");
            }

            watchedCompileHandler?.Invoke(*compileEvent);
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref callbackFailures);
            Volatile.Write(ref lastCallbackFailure, $"{error.GetType().Name}: {error.Message}");
        }
        finally
        {
            Marshal.SetLastSystemError(lastSystemError);
            Marshal.SetLastPInvokeError(lastError);
        }
    }
}
