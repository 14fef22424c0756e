namespace Instr.Cli.Run;

/// <summary>
/// Sugar over INSTR_PATCH/INSTR_REPORT for `instr run --patch`: every .NET process CMD starts inherits the variables
/// (`dotnet test` runs the SDK, a test host and more), so each writes its own report into a private directory
/// ("{pid}" in INSTR_REPORT); at the end the reports of the processes that counted something are read back.
/// </summary>
internal sealed class RunReports : IDisposable
{
    /// <summary>The agent replaces it with its process id (ExitReport).</summary>
    private const string ExitReportPid = "{pid}";

    private readonly string _directory;

    private RunReports(string directory) => _directory = directory;

    public static RunReports Create()
    {
        var directory = Directory.CreateTempSubdirectory("instr-run-").FullName;
        return new RunReports(directory);
    }

    /// <summary>INSTR_PATCH: the patterns, each with the probe when it is not the default count.</summary>
    public static string PatchVariable(IEnumerable<string> patterns, string probe) =>
        string.Join(';', patterns.Select(p => probe == "count" ? p : $"{p}@{probe}"));

    /// <summary>INSTR_REPORT for the child processes.</summary>
    public string ReportVariable => Path.Combine(_directory, $"report-{ExitReportPid}.json");

    /// <summary>Reports of the processes that had at least one patched method, by pid.</summary>
    public IReadOnlyList<ProcessReport> Read() =>
        Directory.EnumerateFiles(_directory, "report-*.json")
            .Select(path => TryParse(File.ReadAllText(path)))
            .OfType<ProcessReport>()
            .Where(r => r.Methods.Count > 0)
            .OrderBy(r => r.Pid)
            .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A child still running (detached) may hold it; the temp cleaner gets the rest.
        }
    }

    private static ProcessReport? TryParse(string json)
    {
        try
        {
            return ProcessReport.Parse(json);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // a process killed while writing: its half report says nothing reliable
        }
    }
}
