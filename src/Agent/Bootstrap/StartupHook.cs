using System.Threading;

// Entry point named by DOTNET_STARTUP_HOOKS (or applied later by `instr attach`). The runtime's rules: global
// namespace, a type named StartupHook, `public static void Initialize()`. It must return at once (on attach it runs
// on the diagnostic server's thread) and must never throw (a throwing hook kills the app). It mentions no
// ASP.NET/gRPC/Protobuf type: the JIT would try to resolve them in the app's load context before ours exists.
internal static class StartupHook
{
    private static int s_initialized;

    public static void Initialize()
    {
        try
        {
            // The hook can be applied twice (DOTNET_STARTUP_HOOKS and then `instr attach`): one agent per process.
            if (Interlocked.Exchange(ref s_initialized, 1) != 0)
            {
                return;
            }

            if (AgentSwitch.ShouldStart(out var why) is false)
            {
                BootstrapLog.Write($"agent not started: {why}");
                return;
            }

            var agentRoot = Path.GetDirectoryName(typeof(StartupHook).Assembly.Location);
            if (string.IsNullOrEmpty(agentRoot))
            {
                throw new InvalidOperationException("cannot tell where Instr.StartupHook.dll was loaded from");
            }

            // The app's runtime decides which agent build may load; one it cannot serve is told so in one line.
            var agentDirectory = AgentBuild.For(agentRoot, out var unserved);
            if (agentDirectory is null)
            {
                AgentLauncher.ReportRefusal(unserved);
                return;
            }

            AgentLauncher.Start(agentDirectory);
        }
        catch (Exception error)
        {
            // Nothing may escape into the app; say it once and let the app go on.
            AgentLauncher.ReportFailure(error);
        }
    }
}
