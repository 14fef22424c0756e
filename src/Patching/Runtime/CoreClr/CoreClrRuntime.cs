using Instr.Patching.Interop;

namespace Instr.Patching.Runtime.CoreClr;

/// <summary>
/// Everything the engine relies on that belongs to one CoreCLR version: one row of <see cref="JitInterfaceTable"/>,
/// keyed by the JIT-EE interface version (the GUID the JIT reports through ICorJitCompiler::getVersionIdentifier;
/// it changes whenever the JIT/runtime interface changes and stays the same across a release's servicing updates).
/// Architecture facts (how a precode or a stub is encoded) are not here: they live in the architecture's folder
/// (<c>Platforms/X64</c>); this row holds what the runtime lays out, in bytes and slot numbers.
/// </summary>
/// <param name="Name">The runtime line the row belongs to (".NET 8").</param>
/// <param name="Major">Its major version, checked against the running runtime as well.</param>
/// <param name="JitEeVersion">The JIT-EE interface version GUID (from the list shared with the CLI).</param>
/// <param name="Slots">ICorJitInfo vtable slots, the OSR flag bit and the AllocMemArgs layout (passed to the native
/// hook, which hard-codes none of them).</param>
/// <param name="Precode">Where a FixupPrecode keeps its data.</param>
/// <param name="VerifiedOn">The runtime versions the row was verified on: the jit-table probe plus the static,
/// hot-loop-osr, generic-definition and inlinable-callee-future-callers scenarios, run self-contained on each.</param>
internal sealed record CoreClrRuntime(string Name, int Major, Guid JitEeVersion, JitSlots Slots, FixupPrecodeLayout Precode, string VerifiedOn);

/// <summary>
/// The runtime's FixupPrecode, a method's stable entry point: a few instructions that jump through a data cell on
/// a separate, writable page. The instructions are the architecture's (<c>Platforms/X64/EntryStubShapes</c> reads
/// them); where the data sits is the runtime's, so it is here.
/// </summary>
/// <param name="DataOffset">Distance from the precode's first instruction to its data (the jump target cell).</param>
/// <param name="MethodDescInData">Offset of the MethodDesc in the data, after the jump target.</param>
/// <param name="UncompiledTargetOffset">Until the method is compiled the jump target is this far into the precode
/// itself (its path to the prestub).</param>
internal sealed record FixupPrecodeLayout(int DataOffset, int MethodDescInData, int UncompiledTargetOffset);
