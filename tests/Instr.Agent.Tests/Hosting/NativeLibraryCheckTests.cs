using Instr.Agent.Services;

namespace Instr.Agent.Tests.Hosting;

/// <summary>The check that keeps a cut-short native library from being loaded (which would crash the app with SIGBUS).</summary>
public sealed class NativeLibraryCheckTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("instr-elfcheck-").FullName;

    // Any whole 64-bit ELF file will do: the running dotnet host is one.
    private static string WholeElf => Environment.ProcessPath!;

    [Fact]
    public void A_whole_ELF_file_passes() => Assert.Null(NativeLibraryCheck.Problem(WholeElf));

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void A_file_cut_short_is_damaged(int fraction)
    {
        var bytes = File.ReadAllBytes(WholeElf);
        var cut = Path.Combine(_root, "cut.so");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / fraction)]);

        var problem = NativeLibraryCheck.Problem(cut);

        Assert.NotNull(problem);
        Assert.Contains($"is damaged: {bytes.Length / fraction} bytes, its headers need", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_refused()
    {
        var text = Path.Combine(_root, "text.so");
        File.WriteAllText(text, new string('x', 200));

        Assert.EndsWith("is not a 64-bit ELF file", NativeLibraryCheck.Problem(text), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
