using Instr.Patching;

namespace Instr.Agent.Metrics;

/// <summary>One patched method as the exporters see it: canonical name, exact call count, and timing when probed.</summary>
internal readonly record struct MethodReading(string Name, long Calls, TimingSnapshot? Timing);
