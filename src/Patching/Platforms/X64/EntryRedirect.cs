using System.Buffers.Binary;
using Iced.Intel;
using Instr.Patching.Interop;

namespace Instr.Patching.Platforms.X64;

/// <summary>
/// Sends every new call of a running body to another function (a fresh compile of the same code), while other threads
/// may be executing the body — without suspending them and without any thread ever meeting a half-written instruction.
/// <para>
/// A jump written over the body's first bytes is unsafe: a thread that has executed `push rbp` (1 byte) and not yet
/// the next instruction would resume inside the jump's displacement. Instead the jump replaces ONE whole instruction of
/// at least 5 bytes inside the prolog (typically `lea rbp,[rsp+N]` after the pushes): a thread is either before that
/// instruction (it runs the pushes, then takes the jump) or past it (it never comes back: nothing branches into a
/// prolog). The stub undoes what the prolog did so far — the pushes and stack adjustments only change rsp, and rbp
/// is reloaded from its saved slot when it was already set — and jumps to the target with the stack and every
/// argument register exactly as at the call, so the target returns straight to the original caller.
/// </para>
/// <para>
/// An instruction of only 2–4 bytes can take a 2-byte `jmp short` instead, when the body has spare room after its end
/// (the engine's JIT hook reserves 8 bytes after every DynamicMethod) within reach: the room gets a `jmp` to the stub
/// first (no thread executes there), then the instruction is replaced by the short jump and padding in one atomic write.
/// </para>
/// When no prolog instruction qualifies, <see cref="PlanAtEntry"/> writes the jump at the entry instead, which is only
/// safe while the runtime is suspended (no managed thread stands in a prolog then).
/// </summary>
internal sealed unsafe class EntryRedirect
{
    private const int JumpLength = X64Jumps.RelativeJumpLength;
    private const int ShortJumpLength = X64Jumps.ShortJumpLength;
    private const int StubSize = 32;

    private EntryRedirect(nint body, nint site, nint stub, ulong original, ulong redirected, nint room)
    {
        Body = body;
        Site = site;
        Stub = stub;
        Original = original;
        Redirected = redirected;
        Room = room;
    }

    /// <summary>Where the short form's `jmp stub` goes (after the body's end), or 0 for the direct form.</summary>
    public nint Room { get; }

    /// <summary>Start of the redirected body.</summary>
    public nint Body { get; }

    /// <summary>Address of the instruction the jump replaces.</summary>
    public nint Site { get; }

    public nint Stub { get; }

    /// <summary>The 8 bytes at <see cref="Site"/> before and after the redirect (one atomic write each way).</summary>
    public ulong Original { get; }

    public ulong Redirected { get; }

    public bool Installed { get; private set; }

    /// <summary>A redirect that is safe to install while threads run the body, or null with the reason.</summary>
    /// <param name="body">The body's start.</param>
    /// <param name="size">The body's exact size (from the compile registry), so every branch in it can be checked.</param>
    /// <param name="room">Bytes after the body's end that are the engine's to write (0 when none).</param>
    /// <param name="target">Where new calls should go.</param>
    public static EntryRedirect? PlanLive(nint body, int size, int room, nint target, out string? problem)
    {
        problem = null;
        if (size < JumpLength)
        {
            problem = "body too short for a jump";
            return null;
        }

        var instructions = Decode(body, size, out problem);
        if (instructions is null)
        {
            return null;
        }

        var frame = new FrameState();
        var roomStart = body + size;
        foreach (var instruction in instructions)
        {
            var offset = (int)((long)instruction.IP - body);
            var site = (nint)instruction.IP;
            var inProlog = frame.Apply(instruction, dryRun: true);
            var usable = X64Jumps.AtomicWriteFits(site) && frame.Undoable && (inProlog || !HasIndirectJump(instructions))
                         && !AnyBranchInto(instructions, body, offset + instruction.Length);
            if (usable && instruction.Length >= JumpLength)
            {
                return Build(body, site, target, frame, room: 0, out problem);
            }

            if (usable && instruction.Length >= ShortJumpLength && room >= JumpLength && X64Jumps.ShortJumpReaches(site, roomStart))
            {
                return Build(body, site, target, frame, roomStart, out problem);
            }

            if (!inProlog)
            {
                break; // past the prolog: later instructions may be branch targets or change argument registers
            }

            frame.Apply(instruction, dryRun: false);
        }

        problem = "no instruction of the body's prolog can take a jump while the body runs";
        return null;
    }

    /// <summary>A redirect at the body's first byte; install it only while the runtime is suspended.</summary>
    public static EntryRedirect? PlanAtEntry(nint body, int size, nint target, out string? problem)
    {
        problem = null;
        if (size < JumpLength)
        {
            problem = "body too short for a jump";
            return null;
        }

        if (!X64Jumps.AtomicWriteFits(body))
        {
            problem = "body start too close to a cache-line end for an atomic write";
            return null;
        }

        return Build(body, body, target, new FrameState(), room: 0, out problem);
    }

    /// <summary>Atomically writes the jump (fails when the bytes changed since the plan).</summary>
    public bool TryInstall()
    {
        if (NativeHelper.CodeCas8((ulong*)Site, Original, Redirected) != 0)
        {
            return false;
        }

        Installed = true;
        return true;
    }

    /// <summary>Marks the redirect installed after the bytes were written elsewhere (a suspended-runtime write).</summary>
    public void MarkInstalled() => Installed = true;

    /// <summary>Atomically puts the original instruction back. The stub stays: a thread may still be inside it.</summary>
    public bool TryUndo()
    {
        if (!Installed)
        {
            return true;
        }

        if (NativeHelper.CodeCas8((ulong*)Site, Redirected, Original) != 0)
        {
            return false;
        }

        Installed = false;
        return true;
    }

    private static EntryRedirect? Build(nint body, nint site, nint target, FrameState frame, nint room, out string? problem)
    {
        problem = null;
        var memory = NativeHelper.StubAlloc(site, StubSize);
        if (memory == null)
        {
            problem = "no executable memory within 2 GB of the body";
            return null;
        }

        var stub = (nint)memory;
        var code = new byte[StubSize];
        var length = 0;
        if (frame.RbpChanged)
        {
            // mov rbp, [rsp + disp32]: the caller's rbp, saved by the prolog's `push rbp`.
            code[length++] = 0x48;
            code[length++] = 0x8B;
            code[length++] = 0xAC;
            code[length++] = 0x24;
            BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(length), frame.StackBytes - frame.RbpSavedAt);
            length += 4;
        }

        if (frame.StackBytes != 0)
        {
            // lea rsp, [rsp + disp32]: back to the stack pointer at the call (lea leaves the flags alone).
            code[length++] = 0x48;
            code[length++] = 0x8D;
            code[length++] = 0xA4;
            code[length++] = 0x24;
            BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(length), frame.StackBytes);
            length += 4;
        }

        X64Jumps.WriteAbsoluteJump(code.AsSpan(length), target);
        code.AsSpan().CopyTo(new Span<byte>((void*)stub, StubSize));

        var original = *(ulong*)site;
        Span<byte> jump = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(jump, original);
        if (room == 0)
        {
            X64Jumps.WriteRelativeJump(jump, site, stub);
            return new EntryRedirect(body, site, stub, original, BinaryPrimitives.ReadUInt64LittleEndian(jump), 0);
        }

        // The room after the body: jmp stub. Nothing runs there yet, so a plain write is safe.
        Span<byte> far = stackalloc byte[JumpLength];
        X64Jumps.WriteRelativeJump(far, room, stub);
        fixed (byte* bytes = far)
        {
            if (NativeHelper.CodeWrite((byte*)room, bytes, JumpLength) != 0)
            {
                problem = "the room after the body could not be written";
                return null;
            }
        }

        // The replaced instruction: jmp short room, then nops up to its end (never executed: the jump skips them).
        X64Jumps.WriteShortJump(jump, site, room, PointerCodeReader.InstructionLength(site));

        return new EntryRedirect(body, site, stub, original, BinaryPrimitives.ReadUInt64LittleEndian(jump), room);
    }

    private static List<Instruction>? Decode(nint body, int size, out string? problem)
    {
        problem = null;
        var decoder = PointerCodeReader.DecoderAt(body, size);
        var instructions = new List<Instruction>();
        while ((long)decoder.IP < body + size)
        {
            var instruction = decoder.Decode();
            if (instruction.IsInvalid)
            {
                // Alignment padding or data after the last instruction ends the code we need to see.
                break;
            }

            instructions.Add(instruction);
        }

        if (instructions.Count == 0)
        {
            problem = "undecodable body";
            return null;
        }

        return instructions;
    }

    /// <summary>True when a direct branch anywhere in the body lands strictly after its start and before <paramref name="end"/>.</summary>
    private static bool AnyBranchInto(List<Instruction> instructions, nint body, int end)
    {
        foreach (var instruction in instructions)
        {
            if (instruction.FlowControl is FlowControl.ConditionalBranch or FlowControl.UnconditionalBranch or FlowControl.Call
                && instruction.Op0Kind is OpKind.NearBranch64 or OpKind.NearBranch32 or OpKind.NearBranch16)
            {
                var target = (long)instruction.NearBranchTarget - body;
                if (target > 0 && target < end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasIndirectJump(List<Instruction> instructions) =>
        instructions.Any(i => i.FlowControl == FlowControl.IndirectBranch);

    /// <summary>What the prolog instructions executed so far did to rsp and rbp (nothing else may change).</summary>
    private struct FrameState
    {
        /// <summary>Bytes the prolog moved rsp down by.</summary>
        public int StackBytes;

        /// <summary>StackBytes right after `push rbp` (the saved rbp is at rsp + StackBytes - RbpSavedAt), or 0.</summary>
        public int RbpSavedAt;

        public bool RbpChanged;

        /// <summary>False when rbp was changed without being saved first (then the caller's rbp is lost).</summary>
        public readonly bool Undoable => !RbpChanged || RbpSavedAt != 0;

        /// <summary>True when the instruction is one the stub knows how to undo (push, sub rsp, rbp setup); applies it
        /// unless <paramref name="dryRun"/>.</summary>
        public bool Apply(in Instruction instruction, bool dryRun)
        {
            switch (instruction.Code)
            {
                case Code.Push_r64:
                    if (!dryRun)
                    {
                        StackBytes += 8;
                        if (instruction.Op0Register == Register.RBP && RbpSavedAt == 0)
                        {
                            RbpSavedAt = StackBytes;
                        }
                    }

                    return true;
                case Code.Sub_rm64_imm8 or Code.Sub_rm64_imm32 when instruction.Op0Kind == OpKind.Register && instruction.Op0Register == Register.RSP:
                    if (!dryRun)
                    {
                        StackBytes += (int)instruction.GetImmediate(1);
                    }

                    return true;
                case Code.Lea_r64_m when instruction.Op0Register == Register.RBP && instruction.MemoryBase == Register.RSP && instruction.MemoryIndex == Register.None:
                case Code.Mov_r64_rm64 or Code.Mov_rm64_r64 when instruction.Op0Register == Register.RBP && instruction.Op1Kind == OpKind.Register && instruction.Op1Register == Register.RSP:
                    if (!dryRun)
                    {
                        RbpChanged = true;
                    }

                    return true;
                default:
                    return false;
            }
        }
    }
}
