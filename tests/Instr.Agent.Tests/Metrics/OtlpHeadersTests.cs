using Instr.Agent.Metrics;

namespace Instr.Agent.Tests.Metrics;

public sealed class OtlpHeadersTests
{
    [Fact]
    public void Pairs_are_split_on_commas_and_values_url_decoded()
    {
        Assert.Equal(
            [new("api-key", "a b=c"), new("x-tenant", "t1")],
            OtlpHeaders.Parse(" api-key = a%20b%3Dc , x-tenant=t1,broken,=nameless"));
        Assert.Empty(OtlpHeaders.Parse(null));
    }

    [Fact]
    public void The_metrics_specific_variable_wins_over_the_general_one()
    {
        var environment = new Dictionary<string, string> { [OtlpHeaders.Any] = "a=1", [OtlpHeaders.Metrics] = "m=2" };
        Assert.Equal([new("m", "2")], OtlpHeaders.FromEnvironment(environment.GetValueOrDefault));
        Assert.Equal([new("a", "1")], OtlpHeaders.FromEnvironment(new Dictionary<string, string> { [OtlpHeaders.Any] = "a=1" }.GetValueOrDefault));
    }
}
