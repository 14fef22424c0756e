using System.Runtime.InteropServices;

namespace Instr.Cli.Interop;

/// <summary>The few libc calls `instr run` needs to forward signals; the only P/Invoke in the CLI.</summary>
internal static class Posix
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "getpgrp")]
    public static extern int GetProcessGroup();

    [DllImport("libc", EntryPoint = "tcgetpgrp", SetLastError = true)]
    public static extern int GetTerminalForegroundGroup(int fd);
}
