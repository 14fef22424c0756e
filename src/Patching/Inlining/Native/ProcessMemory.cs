using Microsoft.Win32.SafeHandles;

namespace Instr.Patching.Inlining.Native;

/// <summary>
/// Reads this process's own memory through /proc/self/mem, so that following a pointer found in machine
/// code (a call cell, a stub target) can never fault: an unmapped address is an I/O error, not a crash.
/// </summary>
internal sealed class ProcessMemory : IDisposable
{
    private readonly SafeFileHandle _handle;

    public ProcessMemory()
    {
        _handle = File.OpenHandle("/proc/self/mem", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="address"/>; returns how many could be read.</summary>
    public int Read(nint address, Span<byte> buffer)
    {
        if (address <= 0)
        {
            return 0;
        }

        int total = 0;
        while (total < buffer.Length)
        {
            int read;
            try
            {
                read = RandomAccess.Read(_handle, buffer[total..], (long)address + total);
            }
            catch (IOException)
            {
                // Unmapped page: return what precedes it (a body read may run into the end of a mapping).
                break;
            }

            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public bool TryReadPointer(nint address, out nint value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (Read(address, bytes) < 8)
        {
            value = 0;
            return false;
        }

        value = (nint)BitConverter.ToInt64(bytes);
        return true;
    }

    public void Dispose() => _handle.Dispose();
}
