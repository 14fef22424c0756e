using Instr.Cli.Hosting;
using Instr.Cli.Tests.Support;

namespace Instr.Cli.Tests.Hosting;

public sealed class HostingTests
{
    [Theory]
    [InlineData(null, "/a/hook.dll")]
    [InlineData("", "/a/hook.dll")]
    [InlineData("/b/other.dll", "/a/hook.dll:/b/other.dll")]
    [InlineData("/b/other.dll:/a/hook.dll", "/a/hook.dll:/b/other.dll")]
    public void Our_hook_is_prepended_once_to_existing_hooks(string? existing, string expected)
    {
        Assert.Equal(expected, StartupHooksVariable.Prepend("/a/hook.dll", existing));
    }

    [Fact]
    public void Agent_path_is_the_artifacts_agent_dir_next_to_the_cli_dir()
    {
        Assert.Equal("/x/artifacts/agent/Instr.StartupHook.dll", AgentLocation.ExpectedPath("/x/artifacts/bin/"));
    }

    [Fact]
    public void A_missing_agent_is_exit_1_naming_the_expected_path()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<InstrException>(() => AgentLocation.Require(Path.Combine(dir.Path, "bin")));
        Assert.Equal(ExitCode.Error, ex.ExitCode);
        Assert.Contains(Path.Combine(dir.Path, "agent", "Instr.StartupHook.dll"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_the_tool_package_the_agent_beside_the_cli_is_used()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "any", "agent"));
        var agent = dir.Touch(Path.Combine("any", "agent", "Instr.StartupHook.dll"));
        Assert.Equal(agent, AgentLocation.Require(Path.Combine(dir.Path, "any")));
    }

    [Fact]
    public void An_existing_agent_is_returned_as_an_absolute_path()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "agent"));
        var agent = dir.Touch(Path.Combine("agent", "Instr.StartupHook.dll"));
        Assert.Equal(agent, AgentLocation.Require(Path.Combine(dir.Path, "bin")));
    }

    [Fact]
    public void Startup_hook_check_refuses_non_assemblies_and_assemblies_without_the_hook()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "fake.dll"), "not a PE file");
        Assert.NotNull(StartupHookCheck.Problem(Path.Combine(dir.Path, "fake.dll")));
        Assert.NotNull(StartupHookCheck.Problem(Path.Combine(dir.Path, "missing.dll")));
        Assert.Contains("no StartupHook.Initialize", StartupHookCheck.Problem(typeof(HostingTests).Assembly.Location), StringComparison.Ordinal);
    }
}
