namespace Instr.IntegrationTests.EndToEnd;

/// <summary>
/// End-to-end tests start real apps and drive them hard, and CI has 2 cores: they run one at a time within a lane, in
/// two lanes (so at most two at once, with xUnit's two threads shared by every other class). The lanes are halves by
/// the durations CI measured (TestResults/*.trx: ~500 s each); a class that mostly waits on processes in its own
/// sandbox (leases, audit, exporters, the change stream) needs no lane. One lane for all of them took ~1,000 s alone
/// after everything else, beyond CI's 20 minutes with the build.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";

    /// <summary>The second lane: its own collection, run beside the first.</summary>
    public const string SecondLane = "end-to-end (second lane)";
}

/// <summary>The second lane's definition (see <see cref="EndToEndCollection"/>).</summary>
[CollectionDefinition(EndToEndCollection.SecondLane)]
public sealed class EndToEndSecondLaneCollection;
