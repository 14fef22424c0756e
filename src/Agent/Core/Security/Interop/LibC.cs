using System.Runtime.InteropServices;

namespace Instr.Agent.Security.Interop;

/// <summary>The few libc calls the socket security needs that .NET has no API for (file owner, effective uid).</summary>
internal static partial class LibC
{
    private const int SFmt = 0xF000;
    private const int SIfDir = 0x4000;
    private const int SIfLnk = 0xA000;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUid();

    /// <summary>lstat(2): the entry itself, not what a symlink points to. Null when it does not exist.</summary>
    public static FileOwnership? LStat(string path)
    {
        // struct stat is arch-specific; only the offsets of st_mode and st_uid are needed.
        var (modeOffset, uidOffset) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (24, 28),
            Architecture.Arm64 => (16, 24),
            var other => throw new PlatformNotSupportedException($"socket directory checks are not implemented for {other}"),
        };

        Span<byte> buffer = stackalloc byte[256];
        if (LStatNative(path, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToUInt32(buffer[modeOffset..]);
        var uid = BitConverter.ToUInt32(buffer[uidOffset..]);
        return new FileOwnership(uid, (int)(mode & 0xFFF), IsDirectory: (mode & SFmt) == SIfDir, IsSymbolicLink: (mode & SFmt) == SIfLnk);
    }

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStatNative(string path, ref byte statBuffer);
}

/// <summary>What lstat says about a path: owner, permission bits, kind.</summary>
internal readonly record struct FileOwnership(uint Uid, int Permissions, bool IsDirectory, bool IsSymbolicLink);
