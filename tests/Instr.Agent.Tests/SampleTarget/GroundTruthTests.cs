using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SampleTarget;

namespace Instr.Agent.Tests.SampleTarget;

/// <summary>The loop in-process: its counts are exact on several threads, and its meter says the same.</summary>
public sealed class GroundTruthTests
{
    [Theory]
    [InlineData(1, 2_000)]
    [InlineData(4, 20_000)]
    public void Calls_budget_is_spent_exactly_and_counted_exactly_on_any_number_of_threads(int threads, long calls)
    {
        var measured = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var truth = new GroundTruth(Callables.CountedNames);
        using var listener = ListenToSampleCalls(truth.Meter, measured);
        var options = new SampleOptions { Rate = 0, Threads = threads, Calls = calls, Seed = 5 };
        var gate = new PauseGate(threads);

        foreach (var thread in new ExecutionLoop(Callables.All, truth, gate, options).Start(CancellationToken.None))
        {
            thread.Join();
        }

        var snapshot = truth.Snapshot();
        Assert.Equal(calls, Callables.All.Sum(c => snapshot[c.Name]));
        Assert.Equal(Callables.All.Count + Callables.Constructors.Count, snapshot.Count);
        Assert.All(snapshot, pair => Assert.True(pair.Value > 0, $"{pair.Key} was never called"));
        foreach (var module in "ABCD")
        {
            // Create makes a Class1 or (for an empty label) a Class1Derived, whose constructor runs Class1's too.
            var create = snapshot[$"SampleTarget.Modules.Module{module}+Class{module}1:Create(System.String)"];
            var baseConstructor = snapshot[$"SampleTarget.Modules.Module{module}+Class{module}1:.ctor()"];
            var derivedConstructor = snapshot[$"SampleTarget.Modules.Module{module}+Class{module}1Derived:.ctor()"];
            Assert.Equal(create, baseConstructor);
            Assert.InRange(derivedConstructor, 1, create - 1);
        }

        // The published ObservableCounter<long> reports exactly the same totals per method.
        listener.RecordObservableInstruments();
        foreach (var (name, count) in snapshot)
        {
            Assert.Equal(count, measured.GetValueOrDefault(name));
        }
    }

    [Fact]
    public void Same_seed_on_one_thread_makes_the_same_calls()
    {
        Assert.Equal(RunOnce(seed: 42), RunOnce(seed: 42));
        Assert.NotEqual(RunOnce(seed: 42), RunOnce(seed: 43));
    }

    [Fact]
    public void Summary_json_has_the_documented_shape()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["Ns.T:M(System.Int32)"] = 3, ["Ns.T+N:M``1(T)"] = 0 };
        Assert.Equal("{\"calls\":{\"Ns.T+N:M``1(T)\":0,\"Ns.T:M(System.Int32)\":3}}", SummaryJson.Format(counts));
    }

    private static string RunOnce(int seed)
    {
        using var truth = new GroundTruth(Callables.CountedNames);
        var options = new SampleOptions { Rate = 0, Threads = 1, Calls = 500, Seed = seed };
        foreach (var thread in new ExecutionLoop(Callables.All, truth, new PauseGate(1), options).Start(CancellationToken.None))
        {
            thread.Join();
        }

        return SummaryJson.Format(truth.Snapshot());
    }

    /// <summary>Keeps the latest observed <c>sample.calls</c> total per <c>method</c> tag (as an exporter would).</summary>
    private static MeterListener ListenToSampleCalls(Meter meter, ConcurrentDictionary<string, long> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Meter.Name == "SampleTarget" && instrument.Name == "sample.calls")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "method" && tag.Value is string name)
                {
                    measured[name] = value;
                }
            }
        });
        listener.Start();
        return listener;
    }
}
