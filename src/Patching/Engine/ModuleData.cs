using System.Collections.Concurrent;
using System.Reflection;

namespace Instr.Patching.Engine;

/// <summary>The runtime's <c>Module*</c> for a reflection Module: what the JIT passes as
/// <c>CORINFO_METHOD_INFO.scope</c>, so the hook can match a definition by (module, token) without reflection.</summary>
internal static class ModuleData
{
    private static readonly ConcurrentDictionary<Module, nint> Cache = new();

    public static nint Of(Module module) => Cache.GetOrAdd(module, static m =>
    {
        var field = m.GetType().GetField("m_pData", BindingFlags.NonPublic | BindingFlags.Instance);
        return field?.GetValue(m) is IntPtr pointer ? pointer : 0;
    });
}
