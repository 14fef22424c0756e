namespace Instr.Patching;

/// <summary>
/// The engine cannot serve this process's platform or runtime version (another OS or architecture, Mono, or a
/// CoreCLR whose JIT-EE interface version is not in the engine's table). Nothing has been changed in the process.
/// </summary>
public sealed class UnsupportedRuntimeException : PlatformNotSupportedException
{
    public UnsupportedRuntimeException(string message)
        : base(message)
    {
    }

    public UnsupportedRuntimeException()
    {
    }

    public UnsupportedRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
