using System.Runtime.InteropServices;
using Instr.Patching.Runtime.CoreClr;

namespace Instr.Patching.Platforms;

/// <summary>The engine supports Linux × x64 × CoreCLR, for the runtime versions listed in
/// <see cref="JitInterfaceTable"/> (.NET 8, 9, 10). Anything else is refused up front with a message that says so,
/// instead of failing later inside machine code.</summary>
internal static class PlatformGuard
{
    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new UnsupportedRuntimeException($"patch engine: only Linux is supported (this is {RuntimeInformation.OSDescription})");
        }

        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new UnsupportedRuntimeException($"patch engine: only x64 is supported (this is {RuntimeInformation.ProcessArchitecture})");
        }

        if (!RuntimeInformation.FrameworkDescription.StartsWith(".NET ", StringComparison.Ordinal) || Type.GetType("Mono.RuntimeStructs") is not null)
        {
            throw new UnsupportedRuntimeException($"patch engine: only CoreCLR is supported (this is {RuntimeInformation.FrameworkDescription})");
        }

        if (JitInterfaceTable.Running(out var problem) is null)
        {
            throw new UnsupportedRuntimeException(problem!);
        }
    }
}
