using System.Runtime.CompilerServices;

namespace Instr.Patching.Scenarios.Inlining;

/// <summary>
/// Registers the inlining scenarios without editing Program's dispatch (owned by the engine-core work):
/// when the only argument names an inlining scenario, a module initializer starts it on a foreground
/// thread, which ends the process with the scenario's exit code (Program.Main only prints its usage line
/// to stderr and returns; the runtime waits for foreground threads). The scenario must not run inside the
/// initializer itself: code called from a module initializer never tiered up to Tier1 here, and the
/// tier-up scenario depends on it.
/// </summary>
internal static class InliningScenarioRegistration
{
#pragma warning disable CA2255 // The one hook that needs no edit of another helper's Program.cs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void StartInliningScenarioIfAsked()
    {
        string[] args = Environment.GetCommandLineArgs();
        Func<int>? scenario = args.Length != 2 ? null : args[1] switch
        {
            InliningAnalysisScenario.Name => InliningAnalysisScenario.Run,
            InliningRealityScenario.Name => InliningRealityScenario.Run,
            InliningRegistryScenario.Name => InliningRegistryScenario.Run,
            _ => null,
        };
        if (scenario is null)
        {
            return;
        }

        var thread = new Thread(() => RunAndExit(args[1], scenario)) { IsBackground = false, Name = args[1] };
        thread.Start();
    }

    private static void RunAndExit(string name, Func<int> scenario)
    {
        int exitCode;
        try
        {
            exitCode = scenario();
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"{name} failed: {exception}");
            exitCode = 1;
        }

        Console.Out.Flush();
        Environment.Exit(exitCode);
    }
}
