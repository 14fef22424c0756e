namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// A real runtime that instr does not know: a copy of the self-contained .NET 8 SampleTarget whose JIT and runtime
/// both carry a made-up JIT-EE interface version (the GUID is a 16-byte constant in each binary; they must agree or
/// the runtime refuses its own JIT). Everything else is the unmodified .NET 8 runtime, so the app runs normally —
/// exactly what a future runtime with a changed JIT interface looks like to the agent.
/// </summary>
public static class FakeRuntime
{
    public static readonly Guid UnknownVersion = new("0badc0de-1111-2222-3333-444444444444");
    private static readonly Guid Net8 = new("4bceb905-d550-4a5d-b1eb-276fff68d183");

    /// <summary>Copies the app into the sandbox, rewrites the GUID, and returns the copy's executable.</summary>
    public static string SampleTargetWithUnknownJitEeVersion(TestSandbox sandbox)
    {
        var source = AppRuntime.SelfContainedDirectory("net8.0", "SampleTarget");
        var target = Path.Combine(sandbox.Root, "unknown-runtime");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var library in new[] { "libclrjit.so", "libcoreclr.so" })
        {
            var path = Path.Combine(target, library);
            var image = File.ReadAllBytes(path);
            var replaced = Replace(image, Net8.ToByteArray(), UnknownVersion.ToByteArray());
            Assert.True(replaced > 0, $"{library} does not contain the .NET 8 JIT-EE version: the fake runtime would not be one");
            File.WriteAllBytes(path, image);
        }

        var executable = Path.Combine(target, "SampleTarget");
        File.SetUnixFileMode(executable, File.GetUnixFileMode(Path.Combine(source, "SampleTarget")));
        return executable;
    }

    private static int Replace(byte[] image, byte[] from, byte[] to)
    {
        var count = 0;
        for (var at = image.AsSpan().IndexOf(from); at >= 0;)
        {
            to.CopyTo(image, at);
            count++;
            var next = image.AsSpan(at + from.Length).IndexOf(from);
            at = next < 0 ? -1 : at + from.Length + next;
        }

        return count;
    }
}
