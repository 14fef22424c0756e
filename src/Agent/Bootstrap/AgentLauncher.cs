using System.Reflection;
using Instr.Shared;

/// <summary>
/// Loads Instr.Agent into its own load context and starts it, on a background thread so the app's Main is not
/// delayed. Exception: when INSTR_PATCH or INSTR_REPORT is set, the agent is loaded and those features are switched
/// on right here, before Main, so that even a short-lived app has every call counted and its report written; only
/// the gRPC host then starts in the background. Any failure becomes exactly one line on stderr
/// ("instr agent: reason") and the app goes on.
/// </summary>
internal static class AgentLauncher
{
    private const string EntryTypeName = "Instr.Agent.AgentEntry";

    /// <param name="agentDirectory">The agent build for this runtime (see <see cref="AgentBuild"/>).</param>
    public static void Start(string agentDirectory)
    {
        if (NeedsFeaturesBeforeMain())
        {
            var agent = LoadAgent(agentDirectory);
            Call(agent, "StartEnvironmentFeatures");
            StartHostInBackground(() => Call(agent, "Start", agentDirectory));
        }
        else
        {
            StartHostInBackground(() => Call(LoadAgent(agentDirectory), "Start", agentDirectory));
        }
    }

    public static void ReportFailure(Exception error)
    {
        while (error is TargetInvocationException { InnerException: { } inner })
        {
            error = inner;
        }

        BootstrapLog.Write($"agent failed to start: {error}");
        WriteOneLine(error.Message);
    }

    /// <summary>The agent does not start in this process (a runtime it cannot serve): the reason, once.</summary>
    public static void ReportRefusal(string reason)
    {
        BootstrapLog.Write(reason);
        WriteOneLine(reason);
    }

    private static void WriteOneLine(string reason)
    {
        try
        {
            Console.Error.WriteLine("instr agent: " + reason.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' '));
        }
        catch (Exception)
        {
            // stderr closed: nothing more we can do without disturbing the app.
        }
    }

    private static bool NeedsFeaturesBeforeMain() =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(InstrEnvironment.Patch))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(InstrEnvironment.Report));

    private static void StartHostInBackground(Action start)
    {
        var thread = new Thread(() =>
        {
            try
            {
                start();
            }
            catch (Exception error)
            {
                ReportFailure(error);
            }
        })
        {
            IsBackground = true, // never keeps the app alive
            Name = "instr agent start",
        };
        thread.Start();
    }

    private static Assembly LoadAgent(string agentDirectory)
    {
        var agentPath = Path.Combine(agentDirectory, AgentBuild.AgentAssemblyFile);
        if (!File.Exists(agentPath))
        {
            throw new FileNotFoundException($"{agentPath} is missing (Instr.StartupHook.dll must stay next to the rest of the agent)");
        }

        var context = new AgentLoadContext(agentPath);
        var agent = context.LoadFromAssemblyPath(agentPath);
        BootstrapLog.Write($"loaded {agentPath} into load context '{context.Name}' (ASP.NET Core: {context.AspNetCoreSource})");
        return agent;
    }

    private static void Call(Assembly agent, string method, params string[] args)
    {
        var entry = agent.GetType(EntryTypeName, throwOnError: true)!
            .GetMethod(method, BindingFlags.Public | BindingFlags.Static, null, Array.ConvertAll(args, _ => typeof(string)), null)
            ?? throw new MissingMethodException($"{EntryTypeName}.{method} not found in {agent.Location}");
        object?[] arguments = [.. args];
        entry.Invoke(null, arguments);
    }
}
