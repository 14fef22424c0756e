using System.Runtime.InteropServices;

/// <summary>
/// Picks the agent build for the running runtime: the agent directory holds one build per served .NET major
/// version (net8.0/, net9.0/, net10.0/), each compiled against that runtime's libraries. Anything else (an older
/// or newer .NET, another runtime such as Mono) gets no agent and a reason instead: loading a build made for
/// another runtime version is exactly what crashed .NET 8 apps when the agent targeted only .NET 10.
/// </summary>
internal static class AgentBuild
{
    public const string AgentAssemblyFile = "Instr.Agent.dll";

    /// <summary>The directory of the build that serves this runtime, or null with <paramref name="reason"/>.</summary>
    public static string? For(string agentRoot, out string reason)
    {
        var runtime = RuntimeInformation.FrameworkDescription;
        var version = Environment.Version;
        var directory = Path.Combine(agentRoot, "net" + version.Major + ".0");
        if (IsCoreClr() && File.Exists(Path.Combine(directory, AgentAssemblyFile)))
        {
            reason = "";
            return directory;
        }

        var served = Served(agentRoot);
        reason = served.Count == 0
            ? Path.Combine(directory, AgentAssemblyFile) + " is missing (Instr.StartupHook.dll must stay next to the rest of the agent: net8.0/, net9.0/, net10.0/)"
            : "not started: this app runs on " + runtime + (IsCoreClr() ? "" : " (not CoreCLR)") +
              "; the agent serves .NET " + string.Join(", ", served.ConvertAll(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture))) +
              " (the app runs without instr)";
        return null;
    }

    // Mono also reports ".NET x.y" in FrameworkDescription; its types give it away.
    private static bool IsCoreClr() => Type.GetType("Mono.RuntimeStructs") is null;

    /// <summary>The major versions with an agent build in <paramref name="agentRoot"/>, ascending.</summary>
    private static List<int> Served(string agentRoot)
    {
        var majors = new List<int>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(agentRoot, "net*.0"))
            {
                var name = Path.GetFileName(directory);
                if (int.TryParse(name.Substring(3, name.Length - 5), out var major) && File.Exists(Path.Combine(directory, AgentAssemblyFile)))
                {
                    majors.Add(major);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        majors.Sort();
        return majors;
    }
}
