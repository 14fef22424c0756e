using System.Reflection;
using Instr.Patching.Inlining.Rerouting;

namespace Instr.Patching.Inlining;

/// <summary>
/// Experimental, opt-in: makes the calls of callers that inlined a patched method countable, by compiling an
/// IL clone of each such caller (which, compiled while the engine refuses to inline the callee, calls it) and
/// pointing the caller's entry point at the clone. Call only after the callee is patched. Changes running
/// code: static and non-virtual instance methods of classes only; every other caller is refused with a reason.
/// Exceptions thrown inside a clone show the clone's name (<c>Caller&lt;instr-inlining-clone&gt;</c>) in stack traces.
/// The redirect is permanent (the clone stays correct after unpatch; it is only not the original code).
/// </summary>
public static class InlinedCallerRerouter
{
    /// <summary>Re-routes every caller the report found to have inlined the callee.</summary>
    public static RerouteResult Reroute(InliningReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rerouted = new List<MethodBase>();
        var refused = new List<(MethodBase Caller, string Reason)>();
        foreach (MethodBase caller in report.InlinedInto)
        {
            if (TryReroute(caller) is { } reason)
            {
                refused.Add((caller, reason));
            }
            else
            {
                rerouted.Add(caller);
            }
        }

        return new RerouteResult(rerouted, refused);
    }

    private static string? TryReroute(MethodBase caller)
    {
        if (caller is not MethodInfo method)
        {
            return "constructor: cloning is not supported";
        }

        try
        {
            return IlClone.TryBuild(method, out string? refusal) is { } clone ? PrecodeRedirect.Redirect(method, clone) : refusal;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"clone failed: {exception.GetType().Name}: {exception.Message}";
        }
    }
}

/// <summary>Callers now running an IL clone that calls the patched method, and callers left as they were, with why.</summary>
public sealed record RerouteResult(IReadOnlyList<MethodBase> Rerouted, IReadOnlyList<(MethodBase Caller, string Reason)> Refused);
