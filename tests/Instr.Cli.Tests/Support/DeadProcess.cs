using System.Diagnostics;

namespace Instr.Cli.Tests.Support;

internal static class DeadProcess
{
    /// <summary>The pid of a process that has run and exited (reaped), so /proc/{pid} no longer exists.</summary>
    public static int Pid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
