using System.Reflection;
using Instr.Patching.Inlining.Candidates;
using Instr.Patching.Tests.Inlining.Targets;

namespace Instr.Patching.Tests.Inlining;

/// <summary>The IL scan: which loaded methods reference a callee, and how.</summary>
public sealed class CandidateCallerFinderTests
{
    private static readonly CandidateCallerFinder s_finder = new(assembly => assembly.GetName().Name == "Instr.Patching");

    [Fact]
    public void Override_is_found_through_its_base_slot_its_interface_slot_and_a_derived_reference()
    {
        CandidateScan scan = s_finder.Find(typeof(Square).GetMethod(nameof(Square.Area))!);

        Dictionary<string, CandidateCaller> callers = OurCallers(scan);
        Assert.Equal(["ViaBase", "ViaDerivedReference", "ViaInterface"], callers.Keys.Order());
        Assert.All(callers.Values.SelectMany(caller => caller.Targets), reference =>
        {
            Assert.Equal(IlCallKind.CallVirt, reference.Kind);
            Assert.True(reference.ViaSlot);
        });
    }

    [Fact]
    public void Explicit_interface_implementation_is_found_through_the_interface_slot_only()
    {
        MethodInfo explicitArea = typeof(Circle).GetMethods(BindingFlags.Instance | BindingFlags.NonPublic).Single(m => m.Name.EndsWith(".Area", StringComparison.Ordinal));

        CandidateScan scan = s_finder.Find(explicitArea);

        Assert.Equal(["ViaInterface"], OurCallers(scan).Keys);
    }

    [Fact]
    public void Generic_method_definition_is_found_through_closed_and_open_instantiations()
    {
        CandidateScan scan = s_finder.Find(typeof(Helpers).GetMethod(nameof(Helpers.Echo))!);

        Dictionary<string, CandidateCaller> callers = OurCallers(scan);
        Assert.Equal(["GenericMethod", "InGenericContext"], callers.Keys.Order());
        MethodBase closed = Assert.Single(callers["GenericMethod"].Targets).Target;
        Assert.Equal(typeof(int), closed.GetGenericArguments().Single());
    }

    [Fact]
    public void Method_and_constructor_of_a_generic_type_are_found_through_its_instantiation()
    {
        CandidateScan get = s_finder.Find(typeof(Holder<>).GetMethod(nameof(Holder<int>.Get))!);
        CandidateScan ctor = s_finder.Find(typeof(Holder<>).GetConstructors().Single());

        CandidateReference getReference = Assert.Single(OurCallers(get)["GenericType"].Targets);
        Assert.Equal(typeof(Holder<int>), getReference.Target.DeclaringType);
        Assert.False(getReference.ViaSlot);
        Assert.Equal(IlCallKind.NewObj, Assert.Single(OurCallers(ctor)["GenericType"].Targets).Kind);
    }

    [Fact]
    public void Taking_the_address_is_a_reference_of_its_own_kind()
    {
        CandidateScan scan = s_finder.Find(typeof(Helpers).GetMethod(nameof(Helpers.Twice))!);

        Assert.Equal(IlCallKind.LoadFunction, Assert.Single(OurCallers(scan)["AddressTaken"].Targets).Kind);
    }

    [Fact]
    public void Method_nobody_references_has_no_candidates_and_the_scan_covers_the_loaded_assemblies()
    {
        CandidateScan scan = s_finder.Find(typeof(Helpers).GetMethod(nameof(Helpers.Unreferenced))!);

        Assert.Empty(scan.Callers);
        int loadedWithFiles = AppDomain.CurrentDomain.GetAssemblies().Count(a => !a.IsDynamic && a.Location.Length > 0 && a.GetName().Name != "Instr.Patching");
        Assert.True(scan.AssembliesScanned >= loadedWithFiles - 2, $"scanned {scan.AssembliesScanned} of {loadedWithFiles} (some may load during the scan)");
        Assert.True(scan.BodiesScanned > 1000);
    }

    [Fact]
    public void Framework_method_is_found_in_our_assembly_and_in_the_framework()
    {
        CandidateScan scan = s_finder.Find(typeof(object).GetMethod(nameof(GetHashCode))!);

        Assert.Contains(scan.Callers, caller => caller.Caller.Name == nameof(ShapeCallers.Unrelated));
        Assert.Contains(scan.Callers, caller => caller.Caller.Module.Assembly == typeof(object).Assembly);
    }

    private static Dictionary<string, CandidateCaller> OurCallers(CandidateScan scan) =>
        scan.Callers.Where(caller => caller.Caller.DeclaringType == typeof(ShapeCallers)).ToDictionary(caller => caller.Caller.Name);
}
