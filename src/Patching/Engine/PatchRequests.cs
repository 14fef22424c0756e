using System.Reflection;
using Instr.Patching.Probes;

namespace Instr.Patching.Engine;

/// <summary>Whether a request to patch a method with a probe can be served (the one-line reason when not), what the
/// engine watches for it, and the key that identifies "the same method" across requests.</summary>
internal static class PatchRequests
{
    public static string? Refusal(MethodBase? method, ProbeKind probe, out PatchTarget? target)
    {
        target = null;
        if (method is null)
        {
            return "no method given";
        }

        if (ProbeRegistry.Find(probe) is null)
        {
            return $"unknown probe kind {probe}";
        }

        var refusal = PatchRules.RefusalFor(method);
        if (refusal is not null)
        {
            return refusal;
        }

        try
        {
            target = PatchTarget.Resolve(method);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or MissingMethodException)
        {
            return $"cannot find the method's code: {e.Message}";
        }

        return null;
    }

    public static string? KeyOf(MethodBase method)
    {
        try
        {
            if (PatchTarget.IsGenericDefinition(method))
            {
                return $"def:{ModuleData.Of(method.Module):x}:{method.MetadataToken:x}";
            }

            return $"md:{method.MethodHandle.Value:x}";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
