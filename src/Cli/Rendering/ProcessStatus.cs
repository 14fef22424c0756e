namespace Instr.Cli.Rendering;

/// <summary>What instr can do with a .NET process (the `status` of `instr ps --json`).</summary>
internal enum ProcessStatus
{
    /// <summary>Its agent answers: every command works on it.</summary>
    Agent,

    /// <summary>No agent yet, but the runtime's diagnostic port is open: `instr attach PID` loads one.</summary>
    Attachable,

    /// <summary>Neither works from here; the row says why.</summary>
    Unreachable,
}
