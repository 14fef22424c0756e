using Spectre.Console;

namespace Instr.Cli.Rendering;

/// <summary>
/// Where a command writes: data to <see cref="Out"/>, diagnostics to <see cref="Error"/>, tables through
/// <see cref="Ansi"/> when <see cref="IsInteractive"/>. Tests pass string writers and a Spectre test console.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, bool isInteractive)
    {
        Out = output;
        Error = error;
        Ansi = ansi;
        IsInteractive = isInteractive;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Ansi { get; }

    /// <summary>
    /// True only on an ANSI terminal: Spectre's live display on redirected output appends whole frames, so pipes,
    /// files and TERM=dumb get plain tab-separated lines instead.
    /// </summary>
    public bool IsInteractive { get; }

    public static CliConsole System()
    {
        var term = Environment.GetEnvironmentVariable("TERM");
        var interactive = !Console.IsOutputRedirected
            && !string.Equals(term, "dumb", StringComparison.Ordinal)
            && AnsiConsole.Profile.Capabilities.Ansi;
        return new CliConsole(Console.Out, Console.Error, AnsiConsole.Console, interactive);
    }

    /// <summary>The one-line error format of every command.</summary>
    public void WriteError(string message) => Error.WriteLine($"instr: {message}");
}
