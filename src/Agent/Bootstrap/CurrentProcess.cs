using System.Diagnostics;
using System.Reflection;

/// <summary>
/// Facts about this process through APIs newer than the bootstrap's own target (.NET Core 3.0): they are read by
/// reflection so the bootstrap still loads on every runtime with startup hooks. Every runtime the agent serves has
/// them; on an older one the fallbacks are enough for the one line the bootstrap writes there.
/// </summary>
internal static class CurrentProcess
{
    /// <summary>Environment.ProcessId (.NET 5+), else the slower Process route.</summary>
    public static int Id =>
        typeof(Environment).GetProperty("ProcessId", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is int id
            ? id
            : Process.GetCurrentProcess().Id;

    /// <summary>Environment.ProcessPath (.NET 6+): the executable (dotnet, or an apphost / self-contained app).</summary>
    public static string? ExecutablePath =>
        typeof(Environment).GetProperty("ProcessPath", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
}
