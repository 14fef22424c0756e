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
        if (args.Length != 2 || args[1] != InliningAnalysisScenario.Name)
        {
            return;
        }

        var thread = new Thread(RunAndExit) { IsBackground = false, Name = InliningAnalysisScenario.Name };
        thread.Start();
    }

    private static void RunAndExit()
    {
        int exitCode;
        try
        {
            exitCode = InliningAnalysisScenario.Run();
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"{InliningAnalysisScenario.Name} failed: {exception}");
            exitCode = 1;
        }

        Console.Out.Flush();
        Environment.Exit(exitCode);
    }
}
