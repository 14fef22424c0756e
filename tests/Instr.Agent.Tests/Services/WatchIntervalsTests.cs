using Instr.Agent.Services;

namespace Instr.Agent.Tests.Services;

public sealed class WatchIntervalsTests
{
    [Theory]
    [InlineData(0u, 1000u)]
    [InlineData(1u, 50u)]
    [InlineData(49u, 50u)]
    [InlineData(50u, 50u)]
    [InlineData(250u, 250u)]
    public void Default_is_one_second_and_the_floor_is_50_ms(uint requested, uint expected) =>
        Assert.Equal(expected, WatchIntervals.Normalize(requested));
}
