namespace Instr.IntegrationTests;

public sealed class SmokeTests
{
    [Fact]
    public void Project_builds_and_runs_tests()
    {
        Assert.Equal(4, 2 + 2);
    }
}
