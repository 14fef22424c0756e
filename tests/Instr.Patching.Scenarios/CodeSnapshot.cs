using System.Reflection;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Scenarios;

/// <summary>The first bytes of a method's current body, to prove an unpatch restored it byte for byte.</summary>
internal static unsafe class CodeSnapshot
{
    public const int Length = 32;

    public static byte[] Of(MethodBase method)
    {
        var chain = EntryChain.Walk(method.MethodHandle.GetFunctionPointer());
        return chain.Compiled ? new ReadOnlySpan<byte>((void*)chain.Body, Length).ToArray() : [];
    }
}
