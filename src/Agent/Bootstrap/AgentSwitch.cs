using System.Reflection;
using Instr.Shared;

/// <summary>Decides whether this process gets an agent: INSTR_DISABLE, our own CLI, and the optional process filter.</summary>
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

        var names = ProcessNames();
        if (names.Contains(CliAssemblyName))
        {
            reason = "this is the instr CLI itself";
            return false;
        }

        var filter = Environment.GetEnvironmentVariable(InstrEnvironment.ProcessFilter);
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var wanted = filter.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!wanted.Any(names.Contains))
            {
                reason = $"{InstrEnvironment.ProcessFilter}={filter} names none of [{string.Join(", ", names)}]";
                return false;
            }
        }

        reason = "";
        return true;
    }

    /// <summary>The names a user would call this process by: the entry assembly's simple name and the executable's name.</summary>
    private static HashSet<string> ProcessNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Assembly.GetEntryAssembly()?.GetName().Name is { Length: > 0 } entry)
        {
            names.Add(entry);
        }

        if (Environment.ProcessPath is { Length: > 0 } path)
        {
            names.Add(Path.GetFileNameWithoutExtension(path));
        }

        return names;
    }
}
