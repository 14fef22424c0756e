using Instr.Cli.Transport;
using Instr.Shared;

namespace Instr.Cli.Tests.Transport;

/// <summary>When attach must refuse a target's runtime before sending anything (the reading itself is covered by
/// the integration tests on real .NET Core 3.1, 8, 9, 10 and made-up-JIT processes).</summary>
public sealed class TargetRuntimeTests
{
    [Theory]
    [InlineData("8.0.31")]
    [InlineData("9.0.20")]
    [InlineData("10.0.12")]
    [InlineData("10.0.0-rc.2.25502.107")]
    public void A_served_version_with_a_known_JIT_is_not_refused(string version) =>
        Assert.Null(new TargetRuntime(version, "/x/libclrjit.so", ServedRuntimes.Net8, JitReadable: true).Refusal());

    [Theory]
    [InlineData("3.1.3")]
    [InlineData("6.0.36")]
    [InlineData("11.0.0")]
    public void Another_major_version_is_refused_whatever_its_JIT(string version)
    {
        var refusal = new TargetRuntime(version, null, null, JitReadable: false).Refusal();

        Assert.NotNull(refusal);
        Assert.Contains($"it runs .NET {version}; instr serves .NET 8, 9, 10", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_readable_JIT_without_a_known_JIT_EE_version_is_refused()
    {
        var refusal = new TargetRuntime("8.0.31", "/app/libclrjit.so", null, JitReadable: true).Refusal();

        Assert.NotNull(refusal);
        Assert.Contains("/app/libclrjit.so", refusal, StringComparison.Ordinal);
        Assert.Contains("JIT-EE interface version instr does not know", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void What_cannot_be_read_from_outside_is_left_to_the_agent() =>
        Assert.Null(new TargetRuntime(null, null, null, JitReadable: false).Refusal());

    [Fact]
    public void This_process_reads_as_the_installed_runtime_with_a_known_JIT()
    {
        var runtime = TargetRuntime.Inspect(Environment.ProcessId);

        Assert.Equal(Environment.Version.ToString(), runtime.Version?.Split('-')[0]);
        Assert.True(runtime.JitReadable, runtime.JitPath);
        Assert.Equal(Environment.Version.Major, runtime.Served?.Major);
        Assert.Null(runtime.Refusal());
    }
}
