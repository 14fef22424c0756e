using Iced.Intel;
using Instr.Patching.Counters;
using Instr.Patching.Detours;
using Instr.Patching.Interop;
using Instr.Patching.Platforms.X64;

namespace Instr.Patching.Tests.Detours;

/// <summary>The counting stub, run for real on a native function (no runtime patching involved).</summary>
public sealed unsafe class CounterStubTests
{
    static CounterStubTests() => ThreadOwnedCounters.Initialize();

    [Fact]
    public void Stub_counts_every_call_exactly_across_threads_that_have_exited_and_keeps_the_result()
    {
        var body = NativeCode.Place(NativeCode.AddWithFrame);
        var prefix = PrefixAnalysis.Analyze(body, body, NativeCode.AddWithFrame.Length, 0);
        Assert.True(prefix.CanDetour, prefix.Problem);
        var slot = ThreadOwnedCounters.AllocateSlot();
        var stub = CounterStub.Build(body, prefix, slot, out var problem);
        Assert.True(stub != 0, problem);
        const int Threads = 4, Calls = 100_000;

        var wrong = AddOnThreads(stub, Threads, Calls); // every counting thread has exited before the read

        Assert.Equal(0, wrong);
        Assert.Equal((long)Threads * Calls, ThreadOwnedCounters.Read(slot));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_body_that_starts_with_a_call_is_counted_exactly_and_returns_through_its_own_code(bool indirect)
    {
        var helper = NativeCode.Place([0x8D, 0x04, 0x37, 0xC3]); // lea eax,[rdi+rsi]; ret
        var body = indirect ? CallingBody.Indirect(helper) : CallingBody.Direct(helper);
        var prefix = PrefixAnalysis.Analyze(body, body, 12, 0);
        Assert.True(prefix.CanDetour && prefix.EndsWithCall, prefix.Problem);
        var slot = ThreadOwnedCounters.AllocateSlot();
        var stub = CounterStub.Build(body, prefix, slot, out var problem);
        Assert.True(stub != 0, problem);
        const int Threads = 4, Calls = 50_000;

        var wrong = AddOnThreads(stub, Threads, Calls);

        Assert.Equal(0, wrong); // the helper returned into the body, which popped its frame and returned the sum
        Assert.Equal((long)Threads * Calls, ThreadOwnedCounters.Read(slot));
    }

    [Fact]
    public void A_prefix_that_reads_relative_to_rip_is_re_encoded_for_the_stub_and_still_reads_its_cell()
    {
        // 0: mov rax,[rip+9] (ends at 7, cell at 16); 7: ret. Copied as it is, the stub would read 16 bytes past its own
        // copy instead of the body's cell: the encoder re-targets it.
        const long Cell = 0x1234_5678_9ABC;
        byte[] code = [0x48, 0x8B, 0x05, 0x09, 0x00, 0x00, 0x00, 0xC3, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, .. BitConverter.GetBytes(Cell)];
        var body = NativeCode.Place(code);
        var prefix = PrefixAnalysis.Analyze(body, body, 8, 0);
        Assert.True(prefix.CanDetour, prefix.Problem);
        var slot = ThreadOwnedCounters.AllocateSlot();
        var stub = CounterStub.Build(body, prefix, slot, out var problem);
        Assert.True(stub != 0, problem);

        var read = (delegate* unmanaged<long>)stub;

        Assert.Equal(Cell, read());
        Assert.Equal(Cell, read());
        Assert.Equal(2, ThreadOwnedCounters.Read(slot));
    }

    /// <summary>Calls the native <c>int add(int, int)</c> at <paramref name="entry"/> <paramref name="calls"/> times on each of
    /// <paramref name="threads"/> threads, joins them, and returns how many results were wrong.</summary>
    private static int AddOnThreads(nint entry, int threads, int calls)
    {
        var add = (delegate* unmanaged<int, int, int>)entry;
        var wrong = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < calls; i++)
            {
                if (add(i, t) != i + t)
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return wrong;
    }

    /// <summary>int F(int a, int b) { frame; return helper(a, b); } with the call right after the frame setup.</summary>
    private static class CallingBody
    {
        // 0: push rbp; 1: mov rbp,rsp; 4: call rel32 (ends at 9); 9: pop rbp; 10: ret
        public static nint Direct(nint helper)
        {
            var body = NativeCode.Place(new byte[16], near: helper);
            var rel = checked((int)(helper - (body + 9)));
            byte[] code = [0x55, 0x48, 0x89, 0xE5, 0xE8, .. BitConverter.GetBytes(rel), 0x5D, 0xC3, 0xCC];
            code.CopyTo(new Span<byte>((void*)body, code.Length));
            return body;
        }

        // 0: push rbp; 1: mov rbp,rsp; 4: call [rip+6] (ends at 10, cell at 16); 10: pop rbp; 11: ret
        public static nint Indirect(nint helper)
        {
            byte[] code = [0x55, 0x48, 0x89, 0xE5, 0xFF, 0x15, 0x06, 0x00, 0x00, 0x00, 0x5D, 0xC3, 0xCC, 0xCC, 0xCC, 0xCC, .. BitConverter.GetBytes((long)helper)];
            return NativeCode.Place(code);
        }
    }

    [Fact]
    public void Stub_increments_a_thread_owned_slot_then_runs_the_relocated_prefix_and_jumps_back()
    {
        var body = NativeCode.Place(NativeCode.AddWithFrame);
        var prefix = PrefixAnalysis.Analyze(body, body, NativeCode.AddWithFrame.Length, 0);
        var slot = ThreadOwnedCounters.AllocateSlot();
        var stub = CounterStub.Build(body, prefix, slot, out _);

        var decoder = Decoder.Create(64, new PointerCodeReader(stub, 256), (ulong)stub, DecoderOptions.None);
        var text = Enumerable.Range(0, 8).Select(_ => decoder.Decode()).Select(i => i.ToString()).ToList();

        Assert.StartsWith("mov rax,fs:[", text[0], StringComparison.Ordinal);
        Assert.Equal("test rax,rax", text[1]);
        Assert.StartsWith("je ", text[2], StringComparison.Ordinal);
        Assert.Equal($"inc qword ptr [rax+{slot * 8:X}h]".Replace("+0h", ""), text[3].Replace("+0h", ""));
        Assert.Equal("push rbp", text[4]);
        Assert.Equal("mov rbp,rsp", text[5]);
        Assert.Equal("lea eax,[rdi+rsi]", text[6]);
        Assert.Equal($"jmp near ptr {(ulong)body + 7:X16}h", text[7]); // position-independent: copied as it is, then jmp rel32
    }

    [Fact]
    public void Counter_pool_hands_each_thread_its_own_block()
    {
        var body = NativeCode.Place(NativeCode.AddWithFrame);
        var stub = CounterStub.Build(body, PrefixAnalysis.Analyze(body, body, NativeCode.AddWithFrame.Length, 0), ThreadOwnedCounters.AllocateSlot(), out _);
        var add = (delegate* unmanaged<int, int, int>)stub;
        var before = ThreadOwnedCounters.BlocksInUse;

        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() => add(1, 2))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.True(ThreadOwnedCounters.BlocksInUse >= before + 3, $"blocks {before} -> {ThreadOwnedCounters.BlocksInUse}");
        Assert.True(NativeHelper.TlsOffset() < 0, "initial-exec TLS lies below the thread pointer on x64");
    }
}
