using System.Globalization;
using Instr.Patching.Interop;
using static Instr.Patching.Tests.Platforms.Libc;

namespace Instr.Patching.Tests.Platforms;

/// <summary>
/// The batched 8-byte code writes the engine makes while the runtime is suspended: every write lands or reports why
/// not, exactly as one write at a time would, and every page gets its own protection back.
/// </summary>
public sealed unsafe class CodeWriteBatchTests
{
    [Fact]
    public void Writes_on_several_pages_land_and_each_page_keeps_its_protection()
    {
        var region = Map(3, ProtRead | ProtWrite);
        try
        {
            var words = (ulong*)region;
            for (var i = 0; i < 3 * Page / 8; i++)
            {
                words[i] = (ulong)i;
            }

            // Pages 0 and 2 executable (as code is), page 1 writable data: each must end as it started.
            Protect(region, 1, ProtRead | ProtExec);
            Protect(region + (2 * Page), 1, ProtRead | ProtExec);

            // Out of address order, two on one page, one twice (the second expects the first's value), one stale, one
            // across a cache line.
            var slots = new[] { 1030, 3, 9, 600, 9, 20 };
            var at = new ulong*[slots.Length + 1];
            var expected = new ulong[slots.Length + 1];
            var desired = new ulong[slots.Length + 1];
            for (var k = 0; k < slots.Length; k++)
            {
                at[k] = words + slots[k];
                expected[k] = (ulong)slots[k];
                desired[k] = 0xC0DE0000UL + (ulong)k;
            }

            expected[4] = desired[2];     // the second write of slot 9
            expected[5] = 12345;          // stale: slot 20 holds 20
            at[6] = (ulong*)(region + 60); // bytes 60..67 cross the first cache line
            var results = new int[at.Length];
            fixed (ulong** atPointer = at)
            fixed (ulong* expectedPointer = expected, desiredPointer = desired)
            fixed (int* resultPointer = results)
            {
                NativeHelper.CodeCas8Many((uint)at.Length, atPointer, expectedPointer, desiredPointer, resultPointer);
            }

            Assert.Equal([0, 0, 0, 0, 0, 1, 22], results); // 22: EINVAL
            Assert.Equal(0xC0DE0000UL, words[1030]);
            Assert.Equal(0xC0DE0001UL, words[3]);
            Assert.Equal(0xC0DE0004UL, words[9]);
            Assert.Equal(0xC0DE0003UL, words[600]);
            Assert.Equal(20UL, words[20]);
            Assert.Equal("r-x", PermissionsOf(region));
            Assert.Equal("rw-", PermissionsOf(region + Page));
            Assert.Equal("r-x", PermissionsOf(region + (2 * Page)));
        }
        finally
        {
            Unmap(region, 3);
        }
    }

    /// <summary>The mapping's permissions as the kernel lists them now (not through the engine's cache).</summary>
    private static string PermissionsOf(nint address)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var range = line[..line.IndexOf(' ', StringComparison.Ordinal)].Split('-');
            var low = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var high = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (address >= low && address < high)
            {
                return line.Substring(line.IndexOf(' ', StringComparison.Ordinal) + 1, 3);
            }
        }

        return "unmapped";
    }
}
