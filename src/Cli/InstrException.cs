namespace Instr.Cli;

/// <summary>
/// The one user-facing failure: a one-line message printed as <c>instr: message</c> and an exit code.
/// Anything else that escapes a command is a bug and exits 1.
/// </summary>
internal sealed class InstrException : Exception
{
    public InstrException(ExitCode exitCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public ExitCode ExitCode { get; }
}
