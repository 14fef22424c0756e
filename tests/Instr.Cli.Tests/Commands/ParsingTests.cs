using System.CommandLine;
using Instr.Cli.Commands;
using Instr.Cli.Tests.Support;

namespace Instr.Cli.Tests.Commands;

public sealed class ParsingTests
{
    private static ParseResult Parse(params string[] args) => InstrRootCommand.Create(new CapturedConsole().Console).Parse(args);

    private static T? Value<T>(ParseResult result, string name) => result.GetValue<T>(name);

    [Theory]
    [InlineData("ps")]
    [InlineData("ps", "--json")]
    [InlineData("list")]
    [InlineData("list", "SampleTarget.*", "--all", "--limit", "10", "-p", "42", "--json")]
    [InlineData("patch", "A.B:C", "--dry-run", "--probe", "timing", "--all", "--pid", "42", "--json")]
    [InlineData("patch", "A.B:C(int, string)")]
    [InlineData("unpatch", "A.B:C")]
    [InlineData("unpatch", "--all", "--json")]
    [InlineData("watch")]
    [InlineData("watch", "--interval", "50", "--count", "3", "--meter", "SampleTarget", "--meter", "System.Runtime", "--json")]
    [InlineData("watch", "--once")]
    [InlineData("ui", "-p", "7")]
    [InlineData("run", "dotnet", "app.dll")]
    [InlineData("run", "--", "dotnet", "app.dll", "--json", "-p", "3")]
    [InlineData("run", "--patch", "A.B:*", "--patch", "C.D:E", "--probe", "timing", "--report", "r.ndjson", "--", "dotnet", "test")]
    [InlineData("ui", "--meter", "SampleTarget")]
    [InlineData("attach", "1234")]
    [InlineData("agent-path")]
    [InlineData("list", "--verbose")]
    public void Valid_command_lines_parse_without_errors(params string[] args)
    {
        var result = Parse(args);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("patch")]
    [InlineData("patch", "")]
    [InlineData("patch", "   ")]
    [InlineData("patch", "A:B", "--probe", "cpu")]
    [InlineData("unpatch")]
    [InlineData("unpatch", "A:B", "--all")]
    [InlineData("unpatch", "")]
    [InlineData("watch", "--interval", "10")]
    [InlineData("watch", "--interval", "abc")]
    [InlineData("watch", "--count", "0")]
    [InlineData("watch", "--once", "--count", "2")]
    [InlineData("list", "--limit", "-1")]
    [InlineData("list", "-p", "notapid")]
    [InlineData("list", "-p", "0")]
    [InlineData("watch", "--pid=-5")]
    [InlineData("attach", "0")]
    [InlineData("attach", "99999999999")]
    [InlineData("list", "a", "b")]
    [InlineData("attach")]
    [InlineData("attach", "x")]
    [InlineData("run")]
    [InlineData("nosuchverb")]
    [InlineData()]
    public async Task Invalid_command_lines_exit_2_with_one_line(params string[] args)
    {
        var console = new CapturedConsole();
        var exit = await CliApplication.RunAsync(args, console.Console, CancellationToken.None);
        Assert.Equal(2, exit);
        var line = Assert.Single(console.ErrorLines);
        Assert.StartsWith("instr: ", line, StringComparison.Ordinal);
        Assert.Empty(console.Out.ToString());
    }

    [Fact]
    public void Run_passes_everything_after_the_command_to_it()
    {
        var result = Parse("run", "dotnet", "app.dll", "--json", "-p", "3", "--", "x");
        Assert.Empty(result.Errors);
        Assert.Equal(["dotnet", "app.dll", "--json", "-p", "3", "--", "x"], Value<string[]>(result, "COMMAND")!);
    }

    [Fact]
    public void Patch_reads_pattern_probe_and_flags()
    {
        var result = Parse("patch", "SampleTarget.Modules.ModuleA:FuncA1", "--probe", "timing", "--dry-run", "-p", "42");
        Assert.Equal("SampleTarget.Modules.ModuleA:FuncA1", Value<string>(result, "PATTERN"));
        Assert.Equal("timing", Value<string>(result, "--probe"));
        Assert.True(Value<bool>(result, "--dry-run"));
        Assert.Equal(42, Value<int?>(result, "--pid"));
    }

    [Fact]
    public void Patch_probe_defaults_to_count_and_watch_interval_to_one_second()
    {
        Assert.Equal("count", Value<string>(Parse("patch", "A:B"), "--probe"));
        Assert.Equal(1000, Value<int>(Parse("watch"), "--interval"));
    }

    [Fact]
    public void Watch_collects_repeated_meters()
    {
        var result = Parse("watch", "--meter", "A", "--meter", "B");
        Assert.Equal(["A", "B"], Value<string[]>(result, "--meter")!);
    }

    [Fact]
    public void Unicode_and_very_long_patterns_are_accepted_by_the_parser()
    {
        var longPattern = "N." + new string('x', 100_000) + ":M";
        Assert.Empty(Parse("patch", longPattern).Errors);
        Assert.Equal("Ünïcødé.Тип:Метод", Value<string>(Parse("patch", "Ünïcødé.Тип:Метод"), "PATTERN"));
    }
}
