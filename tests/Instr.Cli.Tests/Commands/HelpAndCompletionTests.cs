using Instr.Cli.Commands;
using Instr.Cli.Tests.Support;

namespace Instr.Cli.Tests.Commands;

/// <summary>`--help` ends with examples for every verb; `[suggest]` completes verbs and options (dotnet-suggest).</summary>
public sealed class HelpAndCompletionTests
{
    private static async Task<(int Code, CapturedConsole Console)> RunAsync(params string[] args)
    {
        var console = new CapturedConsole();
        var code = await CliApplication.RunAsync(args, console.Console, CancellationToken.None);
        return (code, console);
    }

    [Fact]
    public void Every_verb_has_examples()
    {
        Assert.Empty(HelpExamples.Missing(InstrRootCommand.Create(new CapturedConsole().Console)));
    }

    [Theory]
    [InlineData("ps", "instr ps --json")]
    [InlineData("list", "instr list 'MyApp.Orders.*'")]
    [InlineData("patch", "instr patch 'MyApp.Orders.*' --dry-run")]
    [InlineData("unpatch", "instr unpatch --all")]
    [InlineData("watch", "instr watch --once --json")]
    [InlineData("ui", "instr ui -p 1234 --meter MyApp")]
    [InlineData("run", "instr run --patch 'MyApp.Orders:*' -- dotnet test")]
    [InlineData("attach", "instr attach 1234")]
    [InlineData("agent-path", "DOTNET_STARTUP_HOOKS=$(instr agent-path) dotnet app.dll")]
    public async Task Help_of_each_verb_ends_with_its_examples_and_exits_0(string verb, string example)
    {
        var (code, console) = await RunAsync(verb, "--help");

        Assert.Equal(0, code);
        var output = console.Out.ToString();
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("Examples:\n  ", output, StringComparison.Ordinal);
        Assert.Contains(example, output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("Options:", StringComparison.Ordinal) < output.IndexOf("Examples:", StringComparison.Ordinal));
        Assert.Empty(console.Error.ToString());
    }

    [Fact]
    public async Task Help_of_a_verb_missing_its_argument_is_still_help()
    {
        var (code, console) = await RunAsync("run", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--patch <PATTERN>", console.Out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggest_completes_verbs_and_options()
    {
        var (code, console) = await RunAsync("[suggest:9]", "instr pat");
        Assert.Equal(0, code);
        Assert.Contains("patch", console.OutLines);
        Assert.DoesNotContain("ps", console.OutLines);

        var (_, options) = await RunAsync("[suggest:13]", "instr run --p");
        Assert.Contains("--patch", options.OutLines);
        Assert.Contains("--probe", options.OutLines);
    }
}
