namespace Instr.Patching.Inlining.Candidates;

/// <summary>Result of looking for callers in the IL of every loaded assembly.</summary>
/// <param name="Callers">Methods whose IL references the callee.</param>
/// <param name="AssembliesScanned">Assemblies whose IL was searched.</param>
/// <param name="AssembliesIndexed">Assemblies whose file was opened during this scan (the rest were already open).</param>
/// <param name="BodiesScanned">IL bodies in the searched assemblies.</param>
/// <param name="NotScanned">Assemblies that could not be searched, each with the reason (in-memory, dynamic, unreadable).</param>
/// <param name="Elapsed">Wall time of the scan.</param>
internal sealed record CandidateScan(
    IReadOnlyList<CandidateCaller> Callers,
    int AssembliesScanned,
    int AssembliesIndexed,
    int BodiesScanned,
    IReadOnlyList<string> NotScanned,
    TimeSpan Elapsed);
