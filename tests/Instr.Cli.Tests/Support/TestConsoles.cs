using Instr.Cli.Rendering;
using Spectre.Console.Testing;

namespace Instr.Cli.Tests.Support;

/// <summary>A CLI console whose stdout/stderr are strings, as when instr is piped (or interactive with a Spectre test console).</summary>
internal sealed class CapturedConsole
{
    public CapturedConsole(bool interactive = false, int width = 200, int height = 40)
    {
        Ansi = new TestConsole().Width(width).Height(height);
        Console = new CliConsole(Out, Error, Ansi, interactive);
    }

    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();

    public TestConsole Ansi { get; }

    public CliConsole Console { get; }

    public string[] ErrorLines => Error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] OutLines => Out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
