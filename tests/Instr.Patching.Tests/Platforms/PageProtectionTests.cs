using Instr.Patching.Interop;
using static Instr.Patching.Tests.Platforms.Libc;

namespace Instr.Patching.Tests.Platforms;

/// <summary>
/// The protection the engine reads before it writes code (and puts back after): one parse of /proc/self/maps answers a
/// batch of lookups, and a change of protection since that parse is never missed where it matters.
/// Alone (not beside other classes): engine tests in parallel would parse the maps too and blur the parse count.
/// </summary>
[Collection(PageProtectionCollection.Name)]
public sealed unsafe class PageProtectionTests
{
    [Fact]
    public void Many_executable_pages_cost_one_parse()
    {
        var region = Map(64, ProtRead | ProtExec);
        try
        {
            Assert.Equal(ProtRead | ProtExec, NativeHelper.PageProtection(region)); // a fresh parse: the mapping is new
            var before = NativeHelper.MapsParseCount();
            for (var page = 0; page < 64; page++)
            {
                Assert.Equal(ProtRead | ProtExec, NativeHelper.PageProtection(region + (page * Page)));
            }

            // The 64 lookups take well under the half second one parse may answer for; a slow machine may need one more,
            // and a body the JIT hook patches meanwhile (a live patch of an earlier test) one more: not one per page.
            Assert.InRange(NativeHelper.MapsParseCount() - before, 0ul, 2ul);
        }
        finally
        {
            Unmap(region, 64);
        }
    }

    [Fact]
    public void A_range_committed_since_the_last_parse_reads_as_it_is_now()
    {
        // Reserved with no access (as the runtime reserves its code heap), looked up, then committed executable: the
        // answer must be the new protection, or the engine would restore "no access" on live code after a write.
        var region = Map(4, ProtNone);
        try
        {
            Assert.Equal(ProtNone, NativeHelper.PageProtection(region));
            Protect(region, 1, ProtRead | ProtExec);
            Assert.Equal(ProtRead | ProtExec, NativeHelper.PageProtection(region));
            Assert.Equal(ProtNone, NativeHelper.PageProtection(region + Page));
        }
        finally
        {
            Unmap(region, 4);
        }
    }

    [Fact]
    public void A_mapping_made_since_the_last_parse_is_found()
    {
        // (Whether an unmapped range reads as gone is not asserted: another test's thread may map the same address.)
        var first = Map(1, ProtRead | ProtWrite | ProtExec);
        nint second = 0;
        try
        {
            Assert.Equal(ProtRead | ProtWrite | ProtExec, NativeHelper.PageProtection(first));
            second = Map(1, ProtRead | ProtWrite);
            Assert.Equal(ProtRead | ProtWrite, NativeHelper.PageProtection(second));
        }
        finally
        {
            Unmap(first, 1);
            if (second != 0)
            {
                Unmap(second, 1);
            }
        }
    }
}
