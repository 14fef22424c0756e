namespace Instr.Cli.Hosting;

/// <summary>
/// Where the agent's startup-hook assembly sits next to the CLI: <c>agent/</c> beside instr.dll in the dotnet tool
/// package (`make pack`), <c>../agent/</c> in the build layout (artifacts/bin/instr → artifacts/agent/).
/// </summary>
internal static class AgentLocation
{
    public const string StartupHookFileName = "Instr.StartupHook.dll";

    public static string ExpectedPath(string? cliDirectory = null)
    {
        var directory = cliDirectory ?? AppContext.BaseDirectory;
        var inToolPackage = Path.GetFullPath(Path.Combine(directory, "agent", StartupHookFileName));
        var inBuildLayout = Path.GetFullPath(Path.Combine(directory, "..", "agent", StartupHookFileName));
        return File.Exists(inToolPackage) ? inToolPackage : inBuildLayout;
    }

    /// <summary>The absolute path of the agent, or an error (exit 1) saying where it was expected.</summary>
    public static string Require(string? cliDirectory = null)
    {
        var path = ExpectedPath(cliDirectory);
        return File.Exists(path)
            ? path
            : throw new InstrException(ExitCode.Error, $"the agent is missing: expected {path} (build it with `make build`)");
    }
}
