using System.Runtime.InteropServices;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>Sends POSIX signals to child processes, exactly as `kill -INT/-TERM pid` from a shell would.</summary>
public static partial class Signals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if the process is already gone.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // DllImport keeps the test project free of AllowUnsafeBlocks (LibraryImport needs it).
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
