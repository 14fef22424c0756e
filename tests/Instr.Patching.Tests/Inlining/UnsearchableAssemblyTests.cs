using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using Instr.Patching.Inlining.Candidates;
using Instr.Patching.Tests.Inlining.Targets;

namespace Instr.Patching.Tests.Inlining;

/// <summary>Assemblies whose IL cannot be searched are named in the result, never skipped silently.</summary>
public sealed class UnsearchableAssemblyTests
{
    [Fact]
    public void Assembly_loaded_from_memory_is_reported_as_not_searched()
    {
        var context = new AssemblyLoadContext("inlining-in-memory", isCollectible: true);
        try
        {
            byte[] image = File.ReadAllBytes(typeof(ShapeCallers).Assembly.Location);
            Assembly fromMemory = context.LoadFromStream(new MemoryStream(image));
            Assert.Empty(fromMemory.Location);

            CandidateScan scan = new CandidateCallerFinder(_ => false).Find(typeof(Helpers).GetMethod(nameof(Helpers.Twice))!);

            Assert.Contains($"{fromMemory.GetName().Name}: loaded from memory, no file", scan.NotScanned);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Dynamic_assembly_is_reported_as_not_searched()
    {
        var name = new AssemblyName("InliningDynamicProbe");
        AssemblyBuilder dynamic = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect);
        _ = dynamic.DefineDynamicModule(name.Name!);

        CandidateScan scan = new CandidateCallerFinder(_ => false).Find(typeof(Helpers).GetMethod(nameof(Helpers.Twice))!);

        Assert.Contains("InliningDynamicProbe: dynamic", scan.NotScanned);
    }
}
