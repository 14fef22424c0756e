using System.Buffers.Binary;
using System.Globalization;

namespace Instr.Agent.Services;

/// <summary>
/// Checks that the engine's native library is a whole 64-bit ELF file before anything loads it. A file cut short (a
/// partial copy, a full disk) still maps, but the loader then touches pages past its end and the process dies of
/// SIGBUS — the app with it. The check reads only the headers: every loadable segment, the program header table and
/// the section header table must lie inside the file.
/// </summary>
internal static class NativeLibraryCheck
{
    private const int HeaderSize = 64;
    private const uint LoadableSegment = 1;

    /// <summary>Null when the file looks whole; otherwise why it cannot be loaded safely.</summary>
    public static string? Problem(string path)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"{path} cannot be read: {error.Message}";
        }

        if (file.Length < HeaderSize || file[0] != 0x7F || file[1] != (byte)'E' || file[2] != (byte)'L' || file[3] != (byte)'F' || file[4] != 2)
        {
            return $"{path} is not a 64-bit ELF file";
        }

        var span = file.AsSpan();
        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(span[0x20..]);
        var sectionHeaders = BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var programHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x36..]);
        var programHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x38..]);
        var sectionHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var sectionHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var length = (ulong)file.Length;
        if (programHeaderCount > 0 && programHeaderSize < 0x38)
        {
            return $"{path} is not a valid ELF file (program headers of {programHeaderSize} bytes)";
        }

        var needed = Math.Max(programHeaders + ((ulong)programHeaderSize * programHeaderCount), sectionHeaders + ((ulong)sectionHeaderSize * sectionHeaderCount));
        if (needed <= length)
        {
            for (var i = 0; i < programHeaderCount; i++)
            {
                var header = span[(int)(programHeaders + ((ulong)i * programHeaderSize))..];
                if (BinaryPrimitives.ReadUInt32LittleEndian(header) == LoadableSegment)
                {
                    needed = Math.Max(needed, BinaryPrimitives.ReadUInt64LittleEndian(header[0x08..]) + BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]));
                }
            }
        }

        return needed <= length
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{path} is damaged: {length} bytes, its headers need {needed}");
    }
}
