namespace Instr.Patching.Probes;

/// <summary>A patch's managed route: the probe slot its hooks record into and the wrapper its stubs divert to.</summary>
internal sealed record ManagedRoute(int Slot, ProbeWrapper Wrapper)
{
    /// <summary>Builds the route for a managed probe, or null with the reason when the method's calling convention
    /// cannot be wrapped.</summary>
    public static ManagedRoute? Build(System.Reflection.MethodBase method, Type probe, out string? refusal)
    {
        var slot = ProbeSlots.Next();
        DurationTap.Register(slot, method);
        var wrapper = ProbeWrapper.Build(method, probe, slot, out refusal);
        return wrapper is null ? null : new ManagedRoute(slot, wrapper);
    }
}
