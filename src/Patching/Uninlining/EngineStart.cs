using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Reflection.PortableExecutable;

namespace Instr.Patching.Uninlining;

/// <summary>
/// What the engine could not see because it was not there yet: the JIT's inline reports cover only compiles made since
/// the engine's JIT hook was installed, and ReadyToRun code was inlined at build time. So a method may have inliners the
/// engine does not know when its module was loaded before the engine started, when the module is precompiled, or when
/// it is a NonVersionable method (which other precompiled images may inline).
/// </summary>
internal sealed class EngineStart
{
    /// <summary>Started this long after the process (instr attach, or first use long after start), the engine has
    /// surely missed compiles of the app's code.</summary>
    private static readonly TimeSpan LateAfter = TimeSpan.FromSeconds(5);

    private readonly HashSet<Module> modulesBefore;
    private readonly ConcurrentDictionary<Module, bool> readyToRun = new();

    public EngineStart()
    {
        modulesBefore = [.. AppDomain.CurrentDomain.GetAssemblies().SelectMany(a => a.GetModules())];
        try
        {
            Late = DateTime.Now - Process.GetCurrentProcess().StartTime > LateAfter;
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            Late = true;
        }
    }

    /// <summary>True when the engine started well after the process (attach): DynamicMethods compiled before it are unknown.</summary>
    public bool Late { get; }

    /// <summary>True when the module was already loaded when the engine started (code using it may have been compiled unseen).</summary>
    public bool LoadedBefore(Module module) => modulesBefore.Contains(module);

    /// <summary>Null when every caller that can hold an inlined copy of the method was compiled while the engine
    /// watched; otherwise which callers the engine cannot know (a phrase: "compiled before instr started").</summary>
    public string? UnknownInlinersPossible(MethodBase method)
    {
        if (NeverInlined(method))
        {
            return null;
        }

        if (LoadedBefore(method.Module))
        {
            return "compiled before instr started";
        }

        if (IsReadyToRun(method.Module) || method.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.Versioning.NonVersionableAttribute"))
        {
            return "precompiled (ReadyToRun)";
        }

        return InlineMap.Incomplete ? "whose inline reports could not all be recorded" : null;
    }

    /// <summary>[MethodImpl(NoInlining)]: the JIT and crossgen never inline it, so no caller can hold a copy.</summary>
    public static bool NeverInlined(MethodBase method) => (method.MethodImplementationFlags & MethodImplAttributes.NoInlining) != 0;

    private bool IsReadyToRun(Module module) => readyToRun.GetOrAdd(module, static m =>
    {
        try
        {
            if (m.Assembly.IsDynamic || string.IsNullOrEmpty(m.FullyQualifiedName) || !File.Exists(m.FullyQualifiedName))
            {
                return false;
            }

            using var reader = new PEReader(File.OpenRead(m.FullyQualifiedName));
            return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return true; // cannot tell: assume precompiled, so its inliners go through ReJIT
        }
    });
}
