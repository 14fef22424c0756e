using Instr.Patching.Interop;

namespace Instr.Patching.Engine;

/// <summary>
/// The compile registry (append-only, filled by the JIT hook) indexed by MethodDesc and by (module, token), caught
/// up incrementally, so finding a method's bodies does not rescan every compile of the process (patching 1,000
/// methods would otherwise scan the registry 1,000 times).
/// </summary>
internal sealed unsafe class CompileIndex
{
    private readonly object sync = new();
    private readonly Dictionary<nint, List<CompileRecord>> byHandle = [];
    private readonly Dictionary<(nint Scope, uint Token), List<CompileRecord>> byDefinition = [];
    private uint scanned;

    /// <summary>Compiles of any of the target's handles, or of its definition when it covers every instantiation.</summary>
    public List<CompileRecord> Of(PatchTarget target)
    {
        lock (sync)
        {
            CatchUp();
            var found = new List<CompileRecord>();
            foreach (var handle in target.Handles)
            {
                if (byHandle.TryGetValue(handle, out var records))
                {
                    found.AddRange(records);
                }
            }

            if (target.BodiesByToken && byDefinition.TryGetValue((target.Scope, (uint)target.Token), out var all))
            {
                found.AddRange(all);
            }

            return found;
        }
    }

    /// <summary>Every compile of the method definition (module, token): all tiers, OSR and instantiations.</summary>
    public List<CompileRecord> OfDefinition(nint scope, uint token)
    {
        lock (sync)
        {
            CatchUp();
            return byDefinition.TryGetValue((scope, token), out var all) ? [.. all] : [];
        }
    }

    private void CatchUp()
    {
        uint count;
        var records = NativeHelper.Registry(&count);
        while (scanned < count)
        {
            // A record is complete once its state is set; stop at the first one still being written.
            if (Volatile.Read(ref records[scanned].State) != 1)
            {
                break;
            }

            var record = records[scanned];
            Add(byHandle, record.MethodHandle, record);
            Add(byDefinition, (record.Scope, record.Token), record);
            scanned++;
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<CompileRecord>> index, TKey key, CompileRecord record)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(record);
    }
}
