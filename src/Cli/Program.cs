namespace Instr.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("instr: not implemented yet");
        return 1;
    }
}
