using System.Runtime.InteropServices;

namespace Instr.Patching.Platforms;

/// <summary>The engine supports exactly one platform triple: Linux × x64 × CoreCLR 10. Anything else is refused
/// up front with a message that says so, instead of failing later inside machine code.</summary>
internal static class PlatformGuard
{
    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"patch engine: only Linux is supported (this is {RuntimeInformation.OSDescription})");
        }

        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException($"patch engine: only x64 is supported (this is {RuntimeInformation.ProcessArchitecture})");
        }

        if (!RuntimeInformation.FrameworkDescription.StartsWith(".NET ", StringComparison.Ordinal) || Environment.Version.Major != 10)
        {
            throw new PlatformNotSupportedException($"patch engine: only CoreCLR .NET 10 is supported (this is {RuntimeInformation.FrameworkDescription})");
        }
    }
}
