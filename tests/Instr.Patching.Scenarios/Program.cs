namespace Instr.Patching.Scenarios;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("no scenarios yet");
        return 2;
    }
}
