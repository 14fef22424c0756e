using System.Diagnostics;
using System.Reflection;

namespace Instr.Agent.Services;

/// <summary>A name a user recognises: the entry assembly ("SampleTarget"), not the host ("dotnet").</summary>
internal static class ProcessNames
{
    public static string Current()
    {
        var entry = Assembly.GetEntryAssembly()?.GetName().Name;
        if (!string.IsNullOrEmpty(entry))
        {
            return entry;
        }

        using var self = Process.GetCurrentProcess();
        return self.ProcessName;
    }
}
