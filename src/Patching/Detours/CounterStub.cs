using Iced.Intel;
using Instr.Patching.Counters;
using Instr.Patching.Interop;
using Instr.Patching.Platforms.X64;

namespace Instr.Patching.Detours;

/// <summary>
/// A counting detour stub near the body it serves. Signature-independent: it only touches rax and flags (both
/// free at a method's entry in the managed calling convention), so every argument, `this`, hidden return buffer
/// and generic context passes through untouched, and it creates no frame (stack traces are unchanged).
/// <code>
///   mov  rax, fs:[tls]            ; this thread's counter block
///   test rax, rax
///   je   slow
/// inc:
///   inc  qword [rax + slot*8]     ; thread-owned: no lock, no shared cache line
/// trampoline:
///   &lt;the body's first instructions, relocated&gt;
///   jmp  body + prefix length
/// slow:                           ; first call on this thread: take a block from the pool (lock xadd, no calls)
///   push rdx; mov rax,&amp;next; mov edx,1; lock xadd [rax],rdx; cmp rdx,capacity; jae overflow
///   shl rdx,16; mov rax,pool; add rax,rdx; pop rdx; mov fs:[tls],rax; jmp inc
/// overflow:                       ; pool exhausted: a shared block with a locked increment (still exact)
///   pop rdx; mov rax,overflow; lock inc qword [rax + slot*8]; jmp trampoline
/// </code>
/// A diverting stub (a probe with managed code) has, in place of the trampoline's head,
/// <c>mov [rax + handoff], trampoline</c> (two dword stores) and <c>jmp [rip+0] wrapper</c>: the wrapper takes the
/// trampoline of the body the call came through from the thread's block (<c>instr_take_handoff</c>).
/// </summary>
internal static unsafe class CounterStub
{
    private const int MaxStubSize = 256;

    /// <summary>Builds a stub for the body at <paramref name="code"/>; the trampoline re-enters the body after the
    /// relocated <paramref name="prefix"/> (with an empty prefix it just jumps to the body: a precode-only route).</summary>
    public static nint Build(nint code, PrefixAnalysis prefix, int slot, out string? problem) =>
        Build(code, prefix, slot, divertTo: 0, out _, out problem);

    /// <summary>
    /// A stub that counts like <see cref="Build(nint, PrefixAnalysis, int, out string?)"/> and then jumps to
    /// <paramref name="divertTo"/> (absolute, <c>jmp [rip+0]</c>: rax and flags only) instead of running the
    /// trampoline; the trampoline still follows, at <paramref name="trampoline"/>, for the diverted code to call.
    /// Used by probes that run managed code around the call (the count stays this stub's).
    /// </summary>
    public static nint BuildDiverting(nint code, PrefixAnalysis prefix, int slot, nint divertTo, out nint trampoline, out string? problem) =>
        Build(code, prefix, slot, divertTo, out trampoline, out problem);

    private static nint Build(nint code, PrefixAnalysis prefix, int slot, nint divertTo, out nint trampolineAddress, out string? problem)
    {
        problem = null;
        trampolineAddress = 0;
        var memory = NativeHelper.StubAlloc(code, MaxStubSize);
        if (memory == null && prefix.Length == 0)
        {
            // Precode route: reached through the precode's absolute jump, so the stub may live anywhere.
            memory = NativeHelper.StubAlloc(ThreadOwnedCounters.PoolBase, MaxStubSize);
        }

        if (memory == null)
        {
            problem = "no executable memory within 2 GB of the method's code";
            return 0;
        }

        var stub = (nint)memory;
        if (prefix.Length > 0 && !X64Jumps.RelativeJumpReaches(code, stub))
        {
            problem = "stub memory out of jump range of the method's code";
            return 0;
        }

        var bytes = new List<byte>(MaxStubSize);
        var tls = ThreadOwnedCounters.TlsOffset;
        var counterDisplacement = slot * sizeof(long);

        Emit(bytes, 0x64, 0x48, 0x8B, 0x04, 0x25); EmitInt(bytes, tls);       // mov rax, fs:[tls]
        Emit(bytes, 0x48, 0x85, 0xC0);                                          // test rax, rax
        Emit(bytes, 0x0F, 0x84); var jeSlowAt = bytes.Count; EmitInt(bytes, 0); // je slow
        var incAt = bytes.Count;
        Emit(bytes, 0x48, 0xFF, 0x80); EmitInt(bytes, counterDisplacement);    // inc qword [rax+disp]
        var trampolineAt = bytes.Count;
        var handoffAt = -1;
        if (divertTo != 0)
        {
            // Hand the wrapper this body's trampoline in the thread's block, so the call runs the body it came through
            // (the newest compile may hold inlined copies of other patched methods the older ones lack, or the reverse).
            var handoff = ThreadOwnedCounters.HandoffDisplacement;
            handoffAt = bytes.Count;
            Emit(bytes, 0xC7, 0x80); EmitInt(bytes, handoff); EmitInt(bytes, 0);     // mov dword [rax+handoff], lo32
            Emit(bytes, 0xC7, 0x80); EmitInt(bytes, handoff + 4); EmitInt(bytes, 0); // mov dword [rax+handoff+4], hi32
            Emit(bytes, 0xFF, 0x25, 0x00, 0x00, 0x00, 0x00); EmitLong(bytes, divertTo); // jmp [rip+0]; dq divertTo
            while (bytes.Count % 16 != 0)
            {
                bytes.Add(0xCC);
            }
        }

        var relocatedAt = bytes.Count;
        if (handoffAt >= 0)
        {
            var relocated = (long)(stub + relocatedAt);
            PatchInt(bytes, handoffAt + 6, unchecked((int)relocated));
            PatchInt(bytes, handoffAt + 16, (int)(relocated >> 32));
        }

        var trampoline = EncodeTrampoline(stub + relocatedAt, code, prefix, out problem);
        if (trampoline is null)
        {
            return 0;
        }

        bytes.AddRange(trampoline);
        while (bytes.Count % 16 != 0)
        {
            bytes.Add(0xCC);
        }

        var slowAt = bytes.Count;
        Emit(bytes, 0x52);                                                      // push rdx
        Emit(bytes, 0x48, 0xB8); EmitLong(bytes, ThreadOwnedCounters.PoolNextAddress); // mov rax, &next
        Emit(bytes, 0xBA, 0x01, 0x00, 0x00, 0x00);                              // mov edx, 1
        Emit(bytes, 0xF0, 0x48, 0x0F, 0xC1, 0x10);                              // lock xadd [rax], rdx
        Emit(bytes, 0x48, 0x81, 0xFA); EmitInt(bytes, ThreadOwnedCounters.PoolBlocks); // cmp rdx, capacity
        Emit(bytes, 0x73); var jaeOverflowAt = bytes.Count; Emit(bytes, 0x00);  // jae overflow
        Emit(bytes, 0x48, 0xC1, 0xE2, ThreadOwnedCounters.BlockShift);          // shl rdx, shift
        Emit(bytes, 0x48, 0xB8); EmitLong(bytes, ThreadOwnedCounters.PoolBase); // mov rax, pool
        Emit(bytes, 0x48, 0x01, 0xD0);                                          // add rax, rdx
        Emit(bytes, 0x5A);                                                      // pop rdx
        Emit(bytes, 0x64, 0x48, 0x89, 0x04, 0x25); EmitInt(bytes, tls);        // mov fs:[tls], rax
        Emit(bytes, 0xE9); EmitInt(bytes, incAt - (bytes.Count + 4));          // jmp inc
        var overflowAt = bytes.Count;
        Emit(bytes, 0x5A);                                                      // pop rdx
        Emit(bytes, 0x48, 0xB8); EmitLong(bytes, ThreadOwnedCounters.OverflowBlock); // mov rax, overflow
        Emit(bytes, 0xF0, 0x48, 0xFF, 0x80); EmitInt(bytes, counterDisplacement); // lock inc qword [rax+disp]
        // The shared block has no handoff of its own (other threads write it), so a diverting stub runs the body
        // straight away here: counted, not timed (only past PoolBlocks threads).
        var overflowTarget = divertTo != 0 ? relocatedAt : trampolineAt;
        Emit(bytes, 0xE9); EmitInt(bytes, overflowTarget - (bytes.Count + 4)); // jmp trampoline (or body)

        PatchInt(bytes, jeSlowAt, slowAt - (jeSlowAt + 4));
        bytes[jaeOverflowAt] = checked((byte)(overflowAt - (jaeOverflowAt + 1)));
        if (bytes.Count > MaxStubSize)
        {
            problem = "relocated prefix too large for a stub";
            return 0;
        }

        bytes.CopyTo(new Span<byte>(memory, bytes.Count));
        trampolineAddress = stub + relocatedAt;
        return stub;
    }

    private static byte[]? EncodeTrampoline(nint at, nint code, PrefixAnalysis prefix, out string? problem)
    {
        problem = null;
        if (VerbatimTrampoline(at, code, prefix) is { } verbatim)
        {
            return verbatim;
        }

        var instructions = prefix.EndsWithCall
            ? ReplayedCall(code, prefix)
            : new List<Instruction>(prefix.Instructions) { Instruction.CreateBranch(Code.Jmp_rel32_64, (ulong)(code + prefix.Length)) };
        var encoded = InstructionEncoder.TryEncodeAt(at, instructions, out var error);
        if (encoded is null)
        {
            problem = $"cannot relocate the body's first instructions: {error}";
        }

        return encoded;
    }

    /// <summary>
    /// The usual prefix (say push rbp; mov rbp,rsp; sub rsp,N) means the same at any address: no branch, no call, no
    /// rip-relative operand. Then the trampoline is its own bytes and a jmp rel32 back, with no encoder: the block
    /// encoder cost a first patch of 10,000 methods ~100 ms, mostly compiling itself. Null when the prefix needs it.
    /// </summary>
    private static byte[]? VerbatimTrampoline(nint at, nint code, PrefixAnalysis prefix)
    {
        if (prefix.Bytes.Length != prefix.Length || prefix.Instructions.Any(i => i.FlowControl != FlowControl.Next || i.IsIPRelativeMemoryOperand))
        {
            return null;
        }

        var jumpAt = at + prefix.Length;
        var back = code + prefix.Length;
        if (!X64Jumps.RelativeJumpReaches(jumpAt, back))
        {
            return null;
        }

        var bytes = new byte[prefix.Length + X64Jumps.RelativeJumpLength];
        prefix.Bytes.CopyTo(bytes, 0);
        X64Jumps.WriteRelativeJump(bytes.AsSpan(prefix.Length), jumpAt, back);
        return bytes;
    }

    /// <summary>
    /// The prefix up to its final call, then that call replayed: push the return address the original call pushes
    /// (just past it, in the original body) and jump to its target. No register and no flag changes: lea and mov
    /// leave flags alone, and the return address is written as two 32-bit immediates.
    /// </summary>
    private static List<Instruction> ReplayedCall(nint code, PrefixAnalysis prefix)
    {
        var call = prefix.Instructions[^1];
        var returnAddress = (ulong)(code + prefix.Length);
        var instructions = new List<Instruction>(prefix.Instructions.Take(prefix.Instructions.Count - 1))
        {
            Instruction.Create(Code.Lea_r64_m, Register.RSP, new MemoryOperand(Register.RSP, -8)),
            Instruction.Create(Code.Mov_rm32_imm32, new MemoryOperand(Register.RSP), unchecked((uint)returnAddress)),
            Instruction.Create(Code.Mov_rm32_imm32, new MemoryOperand(Register.RSP, 4), (uint)(returnAddress >> 32)),
        };
        if (call.Code == Code.Call_rel32_64)
        {
            instructions.Add(Instruction.CreateBranch(Code.Jmp_rel32_64, call.NearBranch64));
        }
        else
        {
            var jump = call; // same operand (register or memory, rip-relative ones relocated by the encoder)
            jump.Code = Code.Jmp_rm64;
            instructions.Add(jump);
        }

        return instructions;
    }

    private static void Emit(List<byte> bytes, params byte[] values) => bytes.AddRange(values);

    private static void EmitInt(List<byte> bytes, int value) => bytes.AddRange(BitConverter.GetBytes(value));

    private static void EmitLong(List<byte> bytes, nint value) => bytes.AddRange(BitConverter.GetBytes((long)value));

    private static void PatchInt(List<byte> bytes, int at, int value)
    {
        var encoded = BitConverter.GetBytes(value);
        for (var i = 0; i < 4; i++)
        {
            bytes[at + i] = encoded[i];
        }
    }
}
