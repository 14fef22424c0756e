using System.Reflection.Emit;
using Instr.Patching.Interop;

namespace Instr.Patching.Uninlining;

/// <summary>A compile from the registry with its position there (later compiles have higher indexes).</summary>
internal readonly record struct CompiledBody(uint Index, CompileRecord Record)
{
    /// <summary>For a DynamicMethod compiled before the engine started (Index = uint.MaxValue): the method, found alive.</summary>
    public DynamicMethod? Earlier { get; init; }

    public nint Code => Record.Code;

    public nint MethodHandle => Record.MethodHandle;

    /// <summary>A DynamicMethod (LCG): the JIT's scope is then a tagged resolver pointer, not a Module*.</summary>
    public bool IsDynamic => (Record.Scope & 1) != 0;
}
