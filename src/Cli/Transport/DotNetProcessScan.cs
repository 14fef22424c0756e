using System.Globalization;
using System.Text;
using Instr.Shared;

namespace Instr.Cli.Transport;

/// <summary>
/// Finds every .NET process of the current user from /proc, as dotnet-counters ps does from the runtime's sockets, but
/// also those whose diagnostic port is off or elsewhere: a process counts as .NET when libcoreclr.so is mapped. The
/// instr CLI itself (this process, and other running instr commands) is left out: the agent never loads into it.
/// </summary>
internal static class DotNetProcessScan
{
    private const string RuntimeLibrary = "/libcoreclr.so";
    private const string SharedFrameworkDirectory = "/Microsoft.NETCore.App/";

    public static IReadOnlyList<DotNetProcess> Find()
    {
        var self = Environment.ProcessId;
        var uid = AgentSocketPaths.CurrentUid();
        var found = new List<DotNetProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            if (ProcessFacts.OwnerUid(pid) != uid || RuntimeOf(pid) is not { } runtime || AgentSocketPaths.ReadStartTime(pid) is not { } start)
            {
                continue;
            }

            var name = NameOf(pid);
            if (name != "instr")
            {
                found.Add(new DotNetProcess(pid, start, name, runtime));
            }
        }

        found.Sort((a, b) => a.Pid.CompareTo(b.Pid));
        return found;
    }

    /// <summary>".NET 10.0.12" when libcoreclr.so is mapped from a shared framework; ".NET" for a self-contained app; null for no .NET.</summary>
    public static string? RuntimeOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/maps"))
            {
                if (!line.EndsWith(RuntimeLibrary, StringComparison.Ordinal))
                {
                    continue;
                }

                var framework = line.LastIndexOf(SharedFrameworkDirectory, StringComparison.Ordinal);
                if (framework < 0)
                {
                    return ".NET";
                }

                var version = line[(framework + SharedFrameworkDirectory.Length)..^RuntimeLibrary.Length];
                return version.Contains('/', StringComparison.Ordinal) ? ".NET" : ".NET " + version;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>`dotnet app.dll …` → "app"; an apphost → its file name; else the kernel's short name.</summary>
    public static string NameOf(int pid)
    {
        var args = CommandLine(pid);
        if (args.Length > 0)
        {
            var program = Path.GetFileName(args[0]);
            if (program == "dotnet" && args.Skip(1).FirstOrDefault(a => !a.StartsWith('-')) is { } first
                && first.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                return Path.GetFileNameWithoutExtension(first);
            }

            if (program.Length > 0)
            {
                return program;
            }
        }

        return ProcessFacts.Name(pid) ?? "?";
    }

    private static string[] CommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
