namespace Instr.Patching.Inlining;

/// <summary>How much work the analysis did (for reports and benchmarks; never asserted on).</summary>
/// <param name="AssembliesScanned">Assemblies whose IL was searched for references to the callee.</param>
/// <param name="AssembliesIndexed">Of those, assemblies whose file was opened during this call (the others were already open).</param>
/// <param name="IlBodiesScanned">IL method bodies in the searched assemblies.</param>
/// <param name="CandidateCallers">Methods whose IL references the callee.</param>
/// <param name="NativeBodiesDisassembled">Compiled bodies disassembled to decide.</param>
/// <param name="CandidateScanTime">Time spent finding candidates in IL.</param>
/// <param name="DecisionTime">Time spent disassembling candidates' compiled code.</param>
/// <param name="NotScanned">Assemblies not searched, each with the reason (in-memory, dynamic, unreadable).</param>
/// <param name="WrappersNotFollowed">Small inlinable callers whose own callers were not searched (limits on depth and breadth).</param>
public sealed record InliningScanStatistics(
    int AssembliesScanned,
    int AssembliesIndexed,
    int IlBodiesScanned,
    int CandidateCallers,
    int NativeBodiesDisassembled,
    TimeSpan CandidateScanTime,
    TimeSpan DecisionTime,
    IReadOnlyList<string> NotScanned,
    int WrappersNotFollowed = 0);
