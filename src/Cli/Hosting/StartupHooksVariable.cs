namespace Instr.Cli.Hosting;

/// <summary>Builds DOTNET_STARTUP_HOOKS with our agent first, keeping hooks the user already set (':'-separated on Linux).</summary>
internal static class StartupHooksVariable
{
    public static string Prepend(string agentPath, string? existing)
    {
        if (string.IsNullOrEmpty(existing))
        {
            return agentPath;
        }

        var others = existing.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(hook => !string.Equals(hook, agentPath, StringComparison.Ordinal));
        return string.Join(Path.PathSeparator, others.Prepend(agentPath));
    }
}
