using System.Reflection;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>
/// What a call site must resolve to for it to be able to reach the callee: the callee's own definition
/// (any instantiation) or, for a virtual callee, a slot it fills (a base method it overrides or an
/// interface method it implements) — a callvirt to such a slot may be devirtualized and inlined.
/// </summary>
internal sealed class CalleeIdentity
{
    private readonly HashSet<(Module Module, int Token)> _definition;
    private readonly HashSet<(Module Module, int Token)> _slots;

    public CalleeIdentity(MethodBase callee)
    {
        Callee = callee;
        _definition = [Key(callee)];
        _slots = [];
        if (callee is MethodInfo { IsVirtual: true } method)
        {
            AddOverriddenSlots(method);
            AddInterfaceSlots(method);
        }

        _slots.ExceptWith(_definition);
        MethodBase[] forms = [.. _definition.Concat(_slots).Select(key => key.Module.ResolveMethod(key.Token)).OfType<MethodBase>()];
        Names = forms.Select(form => form.Name).ToHashSet(StringComparer.Ordinal);
        TypeNames = forms.Select(form => form.DeclaringType?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Simple names of the types declaring the callee and its slots (metadata names: <c>Box`1</c>, nested types unqualified).</summary>
    public IReadOnlySet<string> TypeNames { get; }

    public MethodBase Callee { get; }

    /// <summary>Simple metadata names a reference must carry (explicit interface implementations add the interface method's name).</summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>True when <paramref name="target"/> is the callee itself, in any instantiation.</summary>
    public bool IsCallee(MethodBase target) => _definition.Contains(Key(target));

    /// <summary>True when <paramref name="target"/> is a base or interface slot that the callee fills.</summary>
    public bool IsSlotOfCallee(MethodBase target) => _slots.Contains(Key(target));

    private static (Module, int) Key(MethodBase method) => (method.Module, method.MetadataToken);

    private void AddOverriddenSlots(MethodInfo method)
    {
        // Walk up the hierarchy: every intermediate override is a slot a callvirt may name.
        for (Type? type = method.DeclaringType?.BaseType; type is not null; type = type.BaseType)
        {
            MethodInfo? candidate = type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .FirstOrDefault(m => m.IsVirtual && m.GetBaseDefinition() == method.GetBaseDefinition() && m.Name == method.Name);
            if (candidate is not null)
            {
                _slots.Add(Key(candidate));
            }
        }

        _slots.Add(Key(method.GetBaseDefinition()));
    }

    private void AddInterfaceSlots(MethodInfo method)
    {
        Type? declaring = method.DeclaringType;
        if (declaring is null || declaring.IsInterface)
        {
            return;
        }

        foreach (Type @interface in declaring.GetInterfaces())
        {
            InterfaceMapping map;
            try
            {
                map = declaring.GetInterfaceMap(@interface);
            }
            catch (ArgumentException)
            {
                continue;
            }

            for (int i = 0; i < map.TargetMethods.Length; i++)
            {
                if (map.TargetMethods[i].MetadataToken == method.MetadataToken && map.TargetMethods[i].Module == method.Module)
                {
                    _slots.Add(Key(map.InterfaceMethods[i]));
                }
            }
        }
    }
}
