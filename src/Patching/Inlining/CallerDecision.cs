using System.Reflection;
using Instr.Patching.Inlining.Candidates;
using Instr.Patching.Inlining.Native;

namespace Instr.Patching.Inlining;

/// <summary>
/// Decides from a caller's compiled bodies whether it inlined the callee. A body that contains a call
/// reaching the callee calls it. Otherwise: IL that calls the callee directly (call, newobj, or callvirt
/// of a non-virtual method) was inlined; IL that only calls a virtual slot was inlined when the body
/// tests the callee's type (guarded devirtualization) or makes no run-time dispatch at all, and otherwise
/// dispatches at run time (which reaches the patched body).
/// </summary>
internal sealed class CallerDecision
{
    private readonly MethodBase _callee;
    private readonly MachineCode _code;
    private readonly ImageMappings _mappings;
    private readonly CalleeAddresses _addresses;
    private readonly HashSet<nint> _calleeTypeHandles;

    public CallerDecision(MethodBase callee, MachineCode code, ImageMappings mappings, CalleeAddresses addresses)
    {
        _callee = callee;
        _code = code;
        _mappings = mappings;
        _addresses = addresses;
        _calleeTypeHandles = callee.DeclaringType is { ContainsGenericParameters: false } type ? [type.TypeHandle.Value] : [];
    }

    public int BodiesDisassembled { get; private set; }

    public CallerVerdict Decide(CandidateCaller candidate, IReadOnlyList<CodeRange> bodies)
    {
        if (_addresses.IsEmpty)
        {
            return new CallerVerdict(candidate.Caller, CallerState.Unknown, "the callee's code addresses are unknown");
        }

        foreach (CandidateReference reference in candidate.Targets)
        {
            if (reference.Target.DeclaringType is { ContainsGenericParameters: false } type)
            {
                _calleeTypeHandles.Add(type.TypeHandle.Value);
            }
        }

        var details = new List<string>();
        CallerState? worst = null;
        foreach (CodeRange range in bodies)
        {
            NativeBody body = NativeBody.Read(_code, range);
            BodiesDisassembled++;
            (CallerState state, string detail) = DecideBody(candidate, body);
            details.Add($"{detail} [body 0x{range.Start:x}, {body.Range.Size} bytes]");
            worst = Worse(worst, state);
        }

        return new CallerVerdict(candidate.Caller, worst ?? CallerState.NotCompiled, string.Join("; ", details));
    }

    private (CallerState, string) DecideBody(CandidateCaller candidate, NativeBody body)
    {
        if (body.InstructionCount == 0)
        {
            return (CallerState.Unknown, "compiled code could not be read");
        }

        if (body.Calls.Any(_addresses.Reaches))
        {
            return (CallerState.Calls, "calls the callee");
        }

        int unboundImports = body.Calls.Count(call => IsUnboundImport(body, call));
        bool calleeIsVirtual = _callee.IsVirtual && !_callee.IsFinal;
        bool direct = candidate.Targets.Any(reference => reference.Kind is IlCallKind.Call or IlCallKind.NewObj
            || (reference.Kind == IlCallKind.CallVirt && !reference.ViaSlot && !calleeIsVirtual));
        bool viaDispatch = candidate.Targets.Any(reference => reference.Kind == IlCallKind.CallVirt && (reference.ViaSlot || calleeIsVirtual));
        if (unboundImports > 0)
        {
            return (CallerState.Unknown, $"{unboundImports} ReadyToRun import cells not bound yet: their targets cannot be read");
        }

        if (direct)
        {
            return (CallerState.Inlined, "no call reaches the callee");
        }

        if (viaDispatch)
        {
            if (body.Constants.Overlaps(_calleeTypeHandles))
            {
                return (CallerState.Inlined, "guarded devirtualization: tests the callee's type and no call reaches the callee");
            }

            if (!body.Calls.Any(call => call.IsDispatch))
            {
                return (CallerState.Inlined, "devirtualized: no run-time dispatch and no call reaches the callee");
            }

            return (CallerState.Calls, "dispatches at run time (vtable or interface dispatch)");
        }

        // Only ldftn/ldvirtftn: the address is taken; a delegate built from it calls through the precode.
        return _addresses.IsReferencedBy(body)
            ? (CallerState.Calls, "takes the callee's address")
            : (CallerState.Unknown, "takes the callee's address through a run-time lookup that cannot be read");
    }

    /// <summary>A ReadyToRun call cell still pointing into the caller's own image is a delay-load thunk, not a method.</summary>
    private bool IsUnboundImport(NativeBody body, NativeCall call)
    {
        if (call.Cell is null || call.Hops.Count == 0)
        {
            return false;
        }

        string? image = _mappings.FileAt(body.Range.Start);
        return image is not null && _mappings.FileAt(call.Hops[0]) == image;
    }

    private static CallerState Worse(CallerState? current, CallerState next)
    {
        static int Rank(CallerState state) => state switch
        {
            CallerState.Inlined => 3,
            CallerState.Unknown => 2,
            CallerState.Calls => 1,
            _ => 0,
        };

        return current is { } known && Rank(known) >= Rank(next) ? known : next;
    }
}
