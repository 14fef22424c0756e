using System.Reflection;
using Instr.Patching.Engine;
using Instr.Patching.Interop;

namespace Instr.Patching.Inlining;

/// <summary>
/// Compiled-code lookup over the engine's compile registry (every JIT compile since the engine started:
/// module, token, code address, exact size). Matching by (module, token) returns the bodies of every
/// instantiation and every tier, OSR bodies included — those inline too. Bodies compiled before the engine
/// started, and ReadyToRun code, are not in the registry: the analyzer adds them from the precode walk.
/// </summary>
internal sealed unsafe class CompileRegistryCodeLookup : ICompiledCodeLookup
{
    /// <summary>Record state of a finished compile (the code address and size are final).</summary>
    private const uint Published = 1;

    public IReadOnlyList<CodeRange> BodiesOf(MethodBase method)
    {
        nint scope = ModuleData.Of(method.Module);
        if (scope == 0)
        {
            return [];
        }

        uint token = (uint)method.MetadataToken;
        uint count;
        CompileRecord* records = NativeHelper.Registry(&count);
        if (records is null)
        {
            return [];
        }

        var bodies = new List<CodeRange>();
        for (uint i = 0; i < count; i++)
        {
            if (Volatile.Read(ref records[i].State) == Published && records[i].Scope == scope && records[i].Token == token && records[i].Size > 0)
            {
                bodies.Add(new CodeRange(records[i].Code, (int)records[i].Size));
            }
        }

        return bodies;
    }

    /// <summary>The registry records bodies, not entry points: the precode walk supplies those.</summary>
    public IReadOnlyList<nint> EntryAddressesOf(MethodBase method) => [];
}
