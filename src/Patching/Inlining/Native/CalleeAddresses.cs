using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Inlining.Native;

/// <summary>
/// Every address through which a call reaches the callee: its bodies, its entry points (precode,
/// instantiating/unboxing stubs) and the FixupPrecode's data cell (entry + FixupPrecode.DataOffset), which JIT code calls
/// through with <c>call [rip+cell]</c>.
/// </summary>
internal sealed class CalleeAddresses
{

    private readonly HashSet<nint> _bodies = [];
    private readonly List<CodeRange> _sizedBodies = [];
    private readonly HashSet<nint> _entries = [];

    public void AddBody(CodeRange body)
    {
        _bodies.Add(body.Start);
        if (body.HasKnownSize)
        {
            _sizedBodies.Add(body);
        }
    }

    public void AddEntry(nint entry) => _entries.Add(entry);

    public bool IsEmpty => _bodies.Count == 0 && _entries.Count == 0;

    public bool Reaches(NativeCall call)
    {
        if (call.Cell is { } cell && _entries.Contains(cell - FixupPrecode.DataOffset))
        {
            return true;
        }

        foreach (nint hop in call.Hops)
        {
            if (_bodies.Contains(hop) || _entries.Contains(hop) || IsInsidePrecode(hop) || _sizedBodies.Any(body => body.Contains(hop)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the body uses one of the callee's addresses as a constant (e.g. to build a delegate).</summary>
    public bool IsReferencedBy(NativeBody body) => body.Constants.Any(constant => _entries.Contains(constant) || _bodies.Contains(constant));

    private bool IsInsidePrecode(nint hop)
    {
        foreach (nint entry in _entries)
        {
            if (hop > entry && hop < entry + FixupPrecode.Size)
            {
                return true;
            }
        }

        return false;
    }
}
