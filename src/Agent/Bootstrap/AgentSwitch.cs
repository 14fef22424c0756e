using System.Reflection;
using Instr.Shared;

/// <summary>
/// Decides whether this process gets an agent: INSTR_DISABLE, our own CLI, and the optional process filter.
/// Runs on the app's startup path before Main, so the common path touches only cheap, already-loaded APIs; the
/// filter parsing lives in its own method so that it is compiled (and its types loaded) only when the filter is set.
/// </summary>
internal static class AgentSwitch
{
    /// <summary>The entry assembly of the CLI: DOTNET_STARTUP_HOOKS is inherited by every child, `instr` included.</summary>
    private const string CliAssemblyName = "instr";

    public static bool ShouldStart(out string reason)
    {
        if (Environment.GetEnvironmentVariable(InstrEnvironment.Disable) == "1")
        {
            reason = $"{InstrEnvironment.Disable}=1";
            return false;
        }

        // The names a user would call this process by: the entry assembly's file name and the executable's name.
        var entry = WithoutExtension(Assembly.GetEntryAssembly()?.ManifestModule.Name);
        var executable = WithoutExtension(Path.GetFileName(CurrentProcess.ExecutablePath));
        if (entry == CliAssemblyName || executable == CliAssemblyName)
        {
            reason = "this is the instr CLI itself";
            return false;
        }

        var filter = Environment.GetEnvironmentVariable(InstrEnvironment.ProcessFilter);
        if (!string.IsNullOrWhiteSpace(filter) && !FilterNames(filter, entry, executable))
        {
            reason = $"{InstrEnvironment.ProcessFilter}={filter} names none of [{entry}, {executable}]";
            return false;
        }

        reason = "";
        return true;
    }

    private static bool FilterNames(string filter, string? entry, string? executable)
    {
        foreach (var part in filter.Split([';', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Trim();
            if (name.Length > 0 && (name == entry || name == executable))
            {
                return true;
            }
        }

        return false;
    }

    private static string? WithoutExtension(string? fileName) =>
        fileName is not null && fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? fileName[..^4] : fileName;
}
