using System.Reflection.Metadata;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>
/// Walks raw IL and yields the method tokens of call, callvirt, newobj, ldftn and ldvirtftn.
/// Reads bytes only (no reflection), which is what makes a scan of every loaded assembly take milliseconds.
/// </summary>
internal static class IlCallSiteReader
{
    private const byte CallOpcode = 0x28;
    private const byte CallVirtOpcode = 0x6F;
    private const byte NewObjOpcode = 0x73;
    private const byte TwoBytePrefix = 0xFE;
    private const byte LdFtnSecondByte = 0x06;
    private const byte LdVirtFtnSecondByte = 0x07;

    /// <summary>Adds the call sites of one body to <paramref name="sites"/>; returns false when the IL could not be walked to its end.</summary>
    public static bool TryRead(BlobReader il, List<IlCallSite> sites)
    {
        while (il.RemainingBytes > 0)
        {
            byte code = il.ReadByte();
            int operandSize;
            IlCallKind? kind = null;
            if (code == TwoBytePrefix)
            {
                if (il.RemainingBytes == 0)
                {
                    return false;
                }

                byte second = il.ReadByte();
                operandSize = IlOperandSizes.TwoByte(second);
                if (second is LdFtnSecondByte or LdVirtFtnSecondByte)
                {
                    kind = IlCallKind.LoadFunction;
                }
            }
            else
            {
                operandSize = IlOperandSizes.OneByte(code);
                kind = code switch
                {
                    CallOpcode => IlCallKind.Call,
                    CallVirtOpcode => IlCallKind.CallVirt,
                    NewObjOpcode => IlCallKind.NewObj,
                    _ => null,
                };
            }

            if (kind is { } callKind)
            {
                if (il.RemainingBytes < 4)
                {
                    return false;
                }

                sites.Add(new IlCallSite(il.ReadInt32(), callKind));
                continue;
            }

            if (!TrySkipOperand(ref il, operandSize))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TrySkipOperand(ref BlobReader il, int operandSize)
    {
        if (operandSize == IlOperandSizes.Invalid)
        {
            return false;
        }

        if (operandSize == IlOperandSizes.Switch)
        {
            if (il.RemainingBytes < 4)
            {
                return false;
            }

            long targets = il.ReadUInt32();
            operandSize = checked((int)Math.Min(targets * 4, int.MaxValue));
        }

        if (il.RemainingBytes < operandSize)
        {
            return false;
        }

        il.Offset += operandSize;
        return true;
    }
}
