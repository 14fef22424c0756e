using Iced.Intel;

namespace Instr.Patching.Inlining.Native;

/// <summary>Decodes x64 instructions from this process's memory (reads through <see cref="ProcessMemory"/>).</summary>
internal sealed class MachineCode
{
    private readonly ProcessMemory _memory;

    public MachineCode(ProcessMemory memory)
    {
        _memory = memory;
    }

    public ProcessMemory Memory => _memory;

    /// <summary>Decodes up to <paramref name="maxBytes"/> bytes from <paramref name="start"/>, letting
    /// <paramref name="keepGoing"/> stop the walk after any instruction.</summary>
    public List<Instruction> Decode(nint start, int maxBytes, Func<Instruction, bool> keepGoing)
    {
        byte[] bytes = new byte[maxBytes];
        int available = _memory.Read(start, bytes);
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(bytes, 0, available), (ulong)start, DecoderOptions.None);
        var instructions = new List<Instruction>();
        ulong end = (ulong)start + (ulong)available;
        while (decoder.IP < end)
        {
            decoder.Decode(out Instruction instruction);
            if (instruction.IsInvalid)
            {
                break;
            }

            instructions.Add(instruction);
            if (!keepGoing(instruction))
            {
                break;
            }
        }

        return instructions;
    }
}
