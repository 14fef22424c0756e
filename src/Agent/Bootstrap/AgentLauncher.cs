using System.Reflection;

/// <summary>
/// Loads Instr.Agent into its own load context and starts it, on a background thread so the app's Main is not
/// delayed. Any failure becomes exactly one line on stderr ("instr agent: reason") and the app goes on.
/// </summary>
internal static class AgentLauncher
{
    private const string AgentAssemblyFile = "Instr.Agent.dll";
    private const string EntryTypeName = "Instr.Agent.AgentEntry";
    private const string EntryMethodName = "Start";

    public static void StartInBackground()
    {
        var agentDirectory = Path.GetDirectoryName(typeof(AgentLauncher).Assembly.Location);
        if (string.IsNullOrEmpty(agentDirectory))
        {
            throw new InvalidOperationException("cannot tell where Instr.StartupHook.dll was loaded from");
        }

        var thread = new Thread(() => Run(agentDirectory))
        {
            IsBackground = true, // never keeps the app alive
            Name = "instr agent start",
        };
        thread.Start();
    }

    public static void ReportFailure(Exception error)
    {
        while (error is TargetInvocationException { InnerException: { } inner })
        {
            error = inner;
        }

        BootstrapLog.Write($"agent failed to start: {error}");
        try
        {
            var reason = error.Message.ReplaceLineEndings(" ");
            Console.Error.WriteLine($"instr agent: {reason}");
        }
        catch (Exception)
        {
            // stderr closed: nothing more we can do without disturbing the app.
        }
    }

    private static void Run(string agentDirectory)
    {
        try
        {
            var agentPath = Path.Combine(agentDirectory, AgentAssemblyFile);
            if (!File.Exists(agentPath))
            {
                throw new FileNotFoundException($"{agentPath} is missing (Instr.StartupHook.dll must stay next to the rest of the agent)");
            }

            var context = new AgentLoadContext(agentPath);
            var agent = context.LoadFromAssemblyPath(agentPath);
            var entry = agent.GetType(EntryTypeName, throwOnError: true)!
                .GetMethod(EntryMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(string)])
                ?? throw new MissingMethodException($"{EntryTypeName}.{EntryMethodName}(string) not found in {agentPath}");
            BootstrapLog.Write($"loaded {agentPath} into load context '{context.Name}' (ASP.NET Core: {context.AspNetCoreSource})");
            entry.Invoke(null, [agentDirectory]);
        }
        catch (Exception error)
        {
            ReportFailure(error);
        }
    }
}
