using System.Text;

namespace Instr.Cli.Transport;

/// <summary>What /proc says about a process; used to explain why no agent answers for a pid.</summary>
internal static class ProcessFacts
{
    /// <summary>
    /// Whether the process still runs. A zombie (exited, not yet reaped by its parent, as a busy test runner or shell
    /// leaves it) counts as gone: its /proc entry stays, but nothing in it answers any more.
    /// </summary>
    public static bool IsRunning(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            // The state is the first field after the command name, which is in parentheses and may itself hold ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="grace"/> for the process to be gone. A broken stream from a dying app arrives while
    /// the app still tears down (its agent's server stops first), so "is it running?" asked at once can say yes.
    /// </summary>
    public static async Task<bool> ExitsWithinAsync(int pid, TimeSpan grace, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + grace;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>true/false when the memory map is readable; null when it is not (another user's process).</summary>
    public static bool? IsDotNet(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/maps").Any(line => line.EndsWith("/libcoreclr.so", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The real uid owning the process (/proc/PID/status is readable by everyone), or null if it is gone.</summary>
    public static uint? OwnerUid(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 1 } && uint.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid)
                ? uid
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string? Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The process environment, or null when it cannot be read (gone, or another user's).</summary>
    public static IReadOnlyDictionary<string, string>? Environment(int pid)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0)
            {
                result[entry[..eq]] = entry[(eq + 1)..];
            }
        }

        return result;
    }
}
