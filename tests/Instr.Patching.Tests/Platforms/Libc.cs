using System.Runtime.InteropServices;

namespace Instr.Patching.Tests.Platforms;

/// <summary>The memory-mapping calls the code-memory tests make themselves, to set up pages the engine then reads.</summary>
internal static partial class Libc
{
    public const int Page = 4096;
    public const int ProtNone = 0;
    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int ProtExec = 4;

    /// <summary>Anonymous private pages with this protection (asserted to succeed).</summary>
    public static nint Map(int pages, int protection)
    {
        var address = Mmap(0, (nuint)(pages * Page), protection, 0x02 | 0x20, -1, 0); // MAP_PRIVATE | MAP_ANONYMOUS
        Assert.NotEqual(-1, address);
        return address;
    }

    public static void Unmap(nint address, int pages) => Assert.Equal(0, Munmap(address, (nuint)(pages * Page)));

    public static void Protect(nint address, int pages, int protection) => Assert.Equal(0, Mprotect(address, (nuint)(pages * Page), protection));

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
