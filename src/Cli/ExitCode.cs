namespace Instr.Cli;

/// <summary>The process exit codes of product.md; scripts depend on these numbers.</summary>
internal enum ExitCode
{
    Ok = 0,
    Error = 1,
    Usage = 2,
    NoMatch = 3,
    Refused = 4,
    Unreachable = 5,
    Interrupted = 130,
}
