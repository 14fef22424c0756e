namespace Instr.Benchmarks.Startup;

/// <summary>A private XDG_RUNTIME_DIR/TMPDIR for the benchmark's apps, so their sockets are easy to find and never mix with others.</summary>
internal sealed class StartupSandbox : IDisposable
{
    public StartupSandbox()
    {
        Root = Directory.CreateTempSubdirectory("instr-bench-").FullName;
        SocketDirectory = Path.Combine(Root, "instr");
    }

    public string Root { get; }

    public string SocketDirectory { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
