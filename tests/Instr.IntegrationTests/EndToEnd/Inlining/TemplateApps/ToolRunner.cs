using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

/// <summary>Runs the SDK and gcc for the fixtures, with an environment free of the test host's own settings.</summary>
internal static class ToolRunner
{
    /// <summary>Runs a tool to its end; a non-zero exit fails with the command and the tail of its output.</summary>
    public static async Task<string> RunAsync(string fileName, IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout)
    {
        using var tool = ChildProcess.Start(fileName, args, CleanEnvironment(), workingDirectory);
        var exitCode = await tool.WaitForExitAsync(timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`{tool.Description}` exited with {exitCode}\n{Tail(tool.StandardOutput)}\n{Tail(tool.StandardError)}");
        }

        return tool.StandardOutput;
    }

    // `dotnet test` hands its own MSBuild location and the agent/profiler switches of a test down to children; a build
    // started from a test must see none of them.
    private static Dictionary<string, string?> CleanEnvironment()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                && !name.StartsWith("INSTR_", StringComparison.Ordinal)
                && !name.StartsWith("CORECLR_", StringComparison.Ordinal)
                && name is not "DOTNET_STARTUP_HOOKS")
            {
                env[name] = (string?)entry.Value;
            }
        }

        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        env["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return env;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
