namespace Instr.Patching.Scenarios;

/// <summary>
/// Runs one patching scenario (named by the only argument) in this process and prints one line the tests parse:
/// <c>RESULT expected=N counted=M detail=...</c>. A crash kills only this process.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 1 || !ScenarioCatalog.All.TryGetValue(args[0], out var scenario))
        {
            Console.Error.WriteLine($"usage: PatchScenarios <scenario>; scenarios: {string.Join(", ", ScenarioCatalog.All.Keys.Order())}");
            return 2;
        }

        var result = scenario();
        Console.WriteLine(result.ToLine());
        return 0;
    }
}
