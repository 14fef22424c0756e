using Instr.Patching.Platforms.X64;

namespace Instr.Patching.Tests.Detours;

public sealed class PrefixAnalysisTests
{
    [Fact]
    public void Whole_instructions_covering_five_bytes_are_taken()
    {
        var code = NativeCode.Place(NativeCode.AddWithFrame);

        var prefix = PrefixAnalysis.Analyze(code, code, NativeCode.AddWithFrame.Length, 0);

        Assert.True(prefix.CanDetour, prefix.Problem);
        Assert.Equal(7, prefix.Length);
        Assert.Equal(3, prefix.Instructions.Count);
    }

    [Fact]
    public void A_body_shorter_than_a_jump_is_refused_without_room_after_it()
    {
        var code = NativeCode.Place([0x8D, 0x04, 0x37, 0xC3]); // lea eax,[rdi+rsi]; ret

        var prefix = PrefixAnalysis.Analyze(code, code, 4, 0);

        Assert.False(prefix.CanDetour);
        Assert.Contains("shorter than a jump", prefix.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_shorter_than_a_jump_is_accepted_with_room_reserved_after_it()
    {
        var code = NativeCode.Place([0x8D, 0x04, 0x37, 0xC3, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC]);

        var prefix = PrefixAnalysis.Analyze(code, code, 4, 8);

        Assert.True(prefix.CanDetour, prefix.Problem);
        Assert.Equal(4, prefix.Length);
    }

    [Fact]
    public void A_call_after_the_frame_setup_ends_the_prefix_and_is_replayed()
    {
        // 0: push rbp; 1: mov rbp,rsp; 4: call +0 (ends at 9); 9: pop rbp; ret
        var code = NativeCode.Place([0x55, 0x48, 0x89, 0xE5, 0xE8, 0x00, 0x00, 0x00, 0x00, 0x5D, 0xC3]);

        var prefix = PrefixAnalysis.Analyze(code, code, 11, 0);

        Assert.True(prefix.CanDetour, prefix.Problem);
        Assert.True(prefix.EndsWithCall);
        Assert.Equal(9, prefix.Length);
        Assert.Equal(3, prefix.Instructions.Count);
    }

    [Fact]
    public void A_call_that_would_return_into_the_overwritten_bytes_is_refused()
    {
        var code = NativeCode.Place([0xFF, 0xD0, 0x90, 0x90, 0x90, 0xC3]); // call rax (returns to +2); nops; ret

        var prefix = PrefixAnalysis.Analyze(code, code, 6, 0);

        Assert.False(prefix.CanDetour);
        Assert.Contains("call", prefix.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_branch_back_into_the_first_instructions_is_refused()
    {
        // 0: push rbp; 1: mov rbp,rsp; 4: dec edi; 6: jne 1 (into the 5 bytes the jump would overwrite); 8: pop rbp; ret
        var code = NativeCode.Place([0x55, 0x48, 0x89, 0xE5, 0xFF, 0xCF, 0x75, 0xF9, 0x5D, 0xC3]);

        var prefix = PrefixAnalysis.Analyze(code, code, 10, 0);

        Assert.False(prefix.CanDetour);
        Assert.Contains("branch", prefix.Problem, StringComparison.Ordinal);
    }
}
