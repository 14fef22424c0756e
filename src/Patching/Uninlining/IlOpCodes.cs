using System.Reflection;
using System.Reflection.Emit;

namespace Instr.Patching.Uninlining;

/// <summary>Every <see cref="OpCode"/> by its encoding, taken from <see cref="OpCodes"/>.</summary>
internal static class IlOpCodes
{
    private static readonly OpCode[] s_oneByte = new OpCode[256];
    private static readonly OpCode[] s_twoByte = new OpCode[256];

    static IlOpCodes()
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode opCode)
            {
                (opCode.Size == 1 ? s_oneByte : s_twoByte)[unchecked((ushort)opCode.Value) & 0xFF] = opCode;
            }
        }
    }

    public static OpCode OneByte(byte code) => s_oneByte[code];

    public static OpCode TwoByte(byte code) => s_twoByte[code];
}
