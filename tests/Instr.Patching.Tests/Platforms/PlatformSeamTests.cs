namespace Instr.Patching.Tests.Platforms;

/// <summary>
/// The engine's platform facts stay in one place each: x64 decoding and encoding in <c>Platforms/X64/</c>, runtime
/// layout numbers in the runtime table. Read from the engine's sources, so a fact copied into another file (the
/// way the precode offset once was, three times) fails here with the file's name.
/// </summary>
public sealed class PlatformSeamTests
{
    private const string ArchitectureFolder = "Platforms/X64/";

    // The counting stub's hand-assembled bytes: x64 too, and to move into the architecture folder once the probe
    // work that also changes it has landed.
    private static readonly string[] X64OutsideTheFolder = ["Detours/CounterStub.cs"];

    [Fact]
    public void Only_the_architecture_folder_decodes_or_encodes_x64()
    {
        var offenders = EngineSources()
            .Where(f => f.Text.Contains("using Iced.", StringComparison.Ordinal) || f.Text.Contains("0xE9", StringComparison.OrdinalIgnoreCase))
            .Select(f => f.Path)
            .Where(path => !path.StartsWith(ArchitectureFolder, StringComparison.Ordinal) && !X64OutsideTheFolder.Contains(path))
            .ToList();

        Assert.True(offenders.Count == 0, "x64 decoding/encoding outside Platforms/X64: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_precode_data_offset_is_written_only_in_the_runtime_table()
    {
        var holders = EngineSources()
            .Where(f => f.Text.Contains("0x4000", StringComparison.OrdinalIgnoreCase) || f.Text.Contains("0x3ffa", StringComparison.OrdinalIgnoreCase))
            .Select(f => f.Path)
            .ToList();

        Assert.Equal(["Runtime/CoreClr/JitInterfaceTable.cs"], holders);
    }

    [Fact]
    public void The_native_helper_takes_the_jit_interface_layout_from_the_table()
    {
        var native = File.ReadAllText(Path.Combine(EngineDirectory(), "Native", "instr_native.c"));

        // AllocMemArgs offsets arrive in struct jit_slots; the helper declares no layout of its own.
        Assert.DoesNotContain("struct alloc_mem_args", native, StringComparison.Ordinal);
        Assert.Contains("alloc_code_rw_at", native, StringComparison.Ordinal);
    }

    private static List<(string Path, string Text)> EngineSources()
    {
        var root = EngineDirectory();
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(file => (Path: Path.GetRelativePath(root, file).Replace('\\', '/'), File: file))
            .Where(f => !f.Path.StartsWith("obj/", StringComparison.Ordinal) && !f.Path.StartsWith("bin/", StringComparison.Ordinal))
            .Select(f => (f.Path, File.ReadAllText(f.File)))
            .ToList();
        Assert.NotEmpty(sources);
        return sources;
    }

    private static string EngineDirectory()
    {
        // <repo>/tests/Instr.Patching.Tests/bin/<config>/<tfm>/ → <repo>/src/Patching/
        var repo = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var engine = Path.Combine(repo, "src", "Patching");
        return Directory.Exists(engine) ? engine : throw new DirectoryNotFoundException($"engine sources not found at {engine}");
    }
}
