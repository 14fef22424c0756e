using Instr.Agent.Hosting;

namespace Instr.Agent.Tests.Hosting;

public sealed class AgentSocketPathTests
{
    [Fact]
    public void Socket_path_is_the_shared_name_in_the_directory()
    {
        Assert.Equal("/run/user/1000/instr/instr-42-123456.sock", AgentSocketPath.For("/run/user/1000/instr", 42, 123456));
    }

    [Fact]
    public void Kestrel_binds_a_hidden_twin_that_discovery_ignores()
    {
        var binding = AgentSocketPath.BindingPathOf("/tmp/instr-0/instr-42-7.sock");

        Assert.Equal("/tmp/instr-0/.instr-42-7.sock", binding);
        Assert.False(Instr.Shared.AgentSocketPaths.TryParse(binding, out _, out _));
    }

    [Fact]
    public void Too_long_a_path_is_a_one_line_reason_naming_the_path_and_the_fix()
    {
        var directory = "/tmp/" + new string('x', 90);

        var error = Assert.Throws<AgentStartException>(() => AgentSocketPath.For(directory, 12345, 67890));

        Assert.Contains(directory, error.Message, StringComparison.Ordinal);
        Assert.Contains("longer than the 106", error.Message, StringComparison.Ordinal);
        Assert.Contains("XDG_RUNTIME_DIR or TMPDIR", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_longest_accepted_path_fits_the_kernel_limit_with_its_hidden_twin()
    {
        // "/" + dir + "/instr-1-1.sock" (15 bytes): pick dir so the visible path is exactly 106 bytes.
        var directory = "/" + new string('d', 106 - 1 - 15);
        var path = AgentSocketPath.For(directory, 1, 1);

        Assert.Equal(106, path.Length);
        Assert.Equal(AgentSocketPath.MaxBytes, AgentSocketPath.BindingPathOf(path).Length);
        Assert.Throws<AgentStartException>(() => AgentSocketPath.For(directory + "d", 1, 1));
    }
}
