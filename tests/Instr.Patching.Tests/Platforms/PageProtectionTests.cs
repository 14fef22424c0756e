using System.Runtime.InteropServices;
using Instr.Patching.Interop;

namespace Instr.Patching.Tests.Platforms;

/// <summary>
/// The protection the engine reads before it writes code (and puts back after): one parse of /proc/self/maps answers a
/// batch of lookups, and a change of protection since that parse is never missed where it matters.
/// </summary>
public sealed unsafe partial class PageProtectionTests
{
    private const int ProtNone = 0;
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int ProtExec = 4;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int Page = 4096;

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

            // The 64 lookups take well under the half second one parse may answer for; a slow machine may need one more.
            Assert.InRange(NativeHelper.MapsParseCount() - before, 0ul, 1ul);
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
            Assert.Equal(0, Mprotect(region, Page, ProtRead | ProtExec));
            Assert.Equal(ProtRead | ProtExec, NativeHelper.PageProtection(region));
            Assert.Equal(ProtNone, NativeHelper.PageProtection(region + Page));
        }
        finally
        {
            Unmap(region, 4);
        }
    }

    [Fact]
    public void A_mapping_made_since_the_last_parse_is_found_and_an_unmapped_one_is_gone()
    {
        var first = Map(1, ProtRead | ProtWrite | ProtExec);
        Assert.Equal(ProtRead | ProtWrite | ProtExec, NativeHelper.PageProtection(first));
        var second = Map(1, ProtRead | ProtWrite);
        Assert.Equal(ProtRead | ProtWrite, NativeHelper.PageProtection(second));
        Unmap(first, 1);
        Unmap(second, 1);
        Assert.Equal(-1, NativeHelper.PageProtection(second));
    }

    private static nint Map(int pages, int protection)
    {
        var address = Mmap(0, (nuint)(pages * Page), protection, MapPrivate | MapAnonymous, -1, 0);
        Assert.NotEqual(-1, address);
        return address;
    }

    private static void Unmap(nint address, int pages) => Assert.Equal(0, Munmap(address, (nuint)(pages * Page)));

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
