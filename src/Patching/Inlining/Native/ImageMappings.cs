using System.Globalization;

namespace Instr.Patching.Inlining.Native;

/// <summary>
/// The file-backed mappings of this process (/proc/self/maps), used to recognize a ReadyToRun import
/// cell that is not bound yet: it still points into the caller's own image (a delay-load thunk), so
/// which method it will call cannot be read from the code.
/// </summary>
internal sealed class ImageMappings
{
    private readonly List<(ulong Start, ulong End, string Path)> _mappings = [];

    public static ImageMappings ReadCurrent()
    {
        var result = new ImageMappings();
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            // Format: start-end perms offset dev inode path
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            // Only files: with W^X the runtime maps its code heaps from a memfd ("/memfd:doublemapper (deleted)"),
            // which is JIT code and stubs, not an image.
            if (fields.Length < 6 || !fields[5].StartsWith('/') || fields[5].StartsWith("/memfd:", StringComparison.Ordinal)
                || fields[5].EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                continue;
            }

            string[] range = fields[0].Split('-');
            if (range.Length == 2
                && ulong.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start)
                && ulong.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end))
            {
                result._mappings.Add((start, end, fields[5]));
            }
        }

        return result;
    }

    /// <summary>The file mapped at <paramref name="address"/>, or null for anonymous memory (JIT code heaps, stubs).</summary>
    public string? FileAt(nint address)
    {
        ulong value = (ulong)address;
        foreach ((ulong start, ulong end, string path) in _mappings)
        {
            if (value >= start && value < end)
            {
                return path;
            }
        }

        return null;
    }
}
