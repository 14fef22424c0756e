using System.Buffers.Binary;
using System.Diagnostics.Tracing;
using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using Instr.Patching.Interop;
using Microsoft.Diagnostics.NETCore.Client;

namespace Instr.Patching.Uninlining;

/// <summary>
/// DynamicMethods compiled before the engine's JIT hook existed (the app ran before `instr attach`): their inline
/// reports were never seen and ReJIT skips dynamic methods, so the engine lists them from the runtime's own method
/// rundown — the events dotnet-trace uses to name DynamicMethod frames. It opens a short EventPipe session on its own
/// process with rundown requested; at its end the runtime writes one MethodDCEndVerbose event per method with code
/// (method handle, code start and size, flags, then namespace and name as UTF-16). A DynamicMethod's namespace is
/// "dynamicClass", so each occurrence of that string is the start of a candidate's names, preceded by its fixed fields.
/// Every candidate is then checked against the runtime (its handle must be a live DynamicMethod whose code is exactly
/// there), so a byte pattern that merely looks alike is dropped. Done once: later DynamicMethods are in the registry.
/// </summary>
internal sealed unsafe class EarlierDynamicMethods
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const uint DynamicMethodFlag = 1;
    private const int MaxDynamicMethodSize = 1 << 20;

    // MethodDCEndVerbose payload before the namespace: MethodID 8, ModuleID 8, MethodStartAddress 8, MethodSize 4,
    // MethodToken 4, MethodFlags 4.
    private const int FixedFields = 36;
    private static readonly byte[] DynamicNamespace = Encoding.Unicode.GetBytes("dynamicClass\0");

    private readonly object sync = new();

    // Confirmed once (runtime asked about each candidate), then held weakly: a DynamicMethod object that is still
    // reachable keeps its handle valid, so later requests need neither the runtime's IP lookup nor handle resolution.
    // One that was collected is gone for good (its code with it), so it is dropped.
    private List<(WeakReference<DynamicMethod> Method, nint Handle, nint Code, int Size)>? confirmed;

    /// <summary>Why the list could not be made (diagnostics off, or the rundown failed), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The earlier DynamicMethods still alive, with their code (the list is made on first use). Needs the
    /// engine's profiler: a handle is resolved only after the runtime says it owns that code right now (a handle from
    /// the list may belong to a method collected since, and resolving a freed handle would crash the app).</summary>
    public IReadOnlyList<(DynamicMethod Method, CompiledBody Body)> Alive()
    {
        lock (sync)
        {
            if (!Runtime.CoreClr.Profiling.SelfProfiler.IsAttached)
            {
                Problem ??= "listing them needs the engine's profiler, which is not loaded";
                return [];
            }

            confirmed ??= Confirm(Enumerate());
            confirmed.RemoveAll(entry => !entry.Method.TryGetTarget(out _));
            var alive = new List<(DynamicMethod, CompiledBody)>();
            foreach (var (reference, handle, code, size) in confirmed)
            {
                if (reference.TryGetTarget(out var method) && CurrentCode(method) == code)
                {
                    var record = new CompileRecord { MethodHandle = handle, Scope = 1, Code = code, Size = (uint)size, Reserved = (uint)size, State = 1 };
                    alive.Add((method, new CompiledBody(uint.MaxValue, record)));
                }
            }

            return alive;
        }
    }

    /// <summary>The candidates the runtime confirms: it owns the code under that handle now, and the handle is a live
    /// DynamicMethod whose code is exactly there.</summary>
    private static List<(WeakReference<DynamicMethod>, nint, nint, int)> Confirm(List<(nint Handle, nint Code, int Size)> found)
    {
        var owners = Owners(found);
        var result = new List<(WeakReference<DynamicMethod>, nint, nint, int)>();
        for (var i = 0; i < found.Count; i++)
        {
            var (handle, code, size) = found[i];
            if (owners[i] == handle && MethodHandles.MethodOfLive(handle) is DynamicMethod method && CurrentCode(method) == code)
            {
                result.Add((new WeakReference<DynamicMethod>(method), handle, code, size));
            }
        }

        return result;
    }

    /// <summary>The method the runtime says owns each code start right now (0 when none).</summary>
    private static nint[] Owners(List<(nint Handle, nint Code, int Size)> methods)
    {
        var codes = methods.Select(m => m.Code).ToArray();
        var owners = new nint[codes.Length];
        if (codes.Length > 0)
        {
            fixed (nint* c = codes)
            fixed (nint* o = owners)
            {
                NativeHelper.FunctionsFromIps((uint)codes.Length, c, o);
            }
        }

        return owners;
    }

    private List<(nint, nint, int)> Enumerate()
    {
        byte[] rundown;
        try
        {
            rundown = Rundown();
        }
        catch (Exception e) when (e is ServerNotAvailableException or ServerErrorException or UnsupportedCommandException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            Problem = $"the runtime's list of compiled DynamicMethods could not be read ({e.GetType().Name}: {e.Message})";
            return [];
        }

        var known = KnownDynamicCode();
        var earlier = new List<(nint, nint, int)>();
        var seen = new HashSet<nint>();
        var span = rundown.AsSpan();
        for (var at = FixedFields; at < span.Length;)
        {
            var next = span[at..].IndexOf(DynamicNamespace);
            if (next < 0)
            {
                break;
            }

            var names = at + next;
            var fields = span.Slice(names - FixedFields, FixedFields);
            var handle = (nint)BinaryPrimitives.ReadInt64LittleEndian(fields);
            var code = (nint)BinaryPrimitives.ReadInt64LittleEndian(fields[16..]);
            var size = BinaryPrimitives.ReadInt32LittleEndian(fields[24..]);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(fields[32..]);
            if ((flags & DynamicMethodFlag) != 0 && size is > 0 and < MaxDynamicMethodSize && code != 0 && !known.Contains(code) && seen.Add(code))
            {
                earlier.Add((handle, code, size));
            }

            at = names + DynamicNamespace.Length;
        }

        return earlier;
    }

    private static byte[] Rundown()
    {
        var client = new DiagnosticsClient(Environment.ProcessId);
        using var session = client.StartEventPipeSession([new EventPipeProvider(RuntimeProvider, EventLevel.Informational, 0)], requestRundown: true, circularBufferMB: 64);
        using var buffer = new MemoryStream();
        var copy = session.EventStream.CopyToAsync(buffer);
        session.Stop();
        copy.Wait(TimeSpan.FromSeconds(30));
        return buffer.ToArray();
    }

    private static HashSet<nint> KnownDynamicCode()
    {
        uint count;
        var registry = NativeHelper.Registry(&count);
        var codes = new HashSet<nint>();
        for (uint i = 0; i < count; i++)
        {
            if ((registry[i].Scope & 1) != 0)
            {
                codes.Add(registry[i].Code);
            }
        }

        return codes;
    }

    private static nint CurrentCode(DynamicMethod method)
    {
        try
        {
            return typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.Instance | BindingFlags.NonPublic)?.Invoke(method, null)
                is RuntimeMethodHandle handle ? handle.GetFunctionPointer() : 0;
        }
        catch (TargetInvocationException)
        {
            return 0;
        }
    }
}
