using System.Reflection;
using System.Reflection.Emit;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>
/// Operand sizes of every IL opcode, taken from <see cref="OpCodes"/> once, so the raw IL walk
/// stays in step with the runtime's own opcode table instead of a hand-copied one.
/// </summary>
internal static class IlOperandSizes
{
    /// <summary>Marks an opcode byte that names no opcode (the walk stops: the body is not understood).</summary>
    public const int Invalid = -1;

    /// <summary>Marks <c>switch</c>, whose operand is a count followed by that many 4-byte targets.</summary>
    public const int Switch = -2;

    private static readonly int[] s_oneByte = CreateTable();
    private static readonly int[] s_twoByte = CreateTable();

    static IlOperandSizes()
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode opCode)
            {
                continue;
            }

            ushort value = unchecked((ushort)opCode.Value);
            int[] table = opCode.Size == 1 ? s_oneByte : s_twoByte;
            table[value & 0xFF] = SizeOf(opCode.OperandType);
        }
    }

    public static int OneByte(byte code) => s_oneByte[code];

    public static int TwoByte(byte code) => s_twoByte[code];

    private static int[] CreateTable() => Enumerable.Repeat(Invalid, 256).ToArray();

    private static int SizeOf(OperandType operandType) => operandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => Switch,
        _ => 4,
    };
}
