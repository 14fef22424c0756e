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

    /// <summary>Points a child (app or CLI) at this sandbox and drops any INSTR_* settings and startup hook inherited
    /// from the caller; the caller adds DOTNET_STARTUP_HOOKS itself where it wants the agent.</summary>
    public void Isolate(System.Diagnostics.ProcessStartInfo psi)
    {
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("INSTR_", StringComparison.Ordinal)).ToArray())
        {
            psi.Environment.Remove(name);
        }

        psi.Environment.Remove("DOTNET_STARTUP_HOOKS");
        psi.Environment["XDG_RUNTIME_DIR"] = Root;
        psi.Environment["TMPDIR"] = Root;
    }

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
