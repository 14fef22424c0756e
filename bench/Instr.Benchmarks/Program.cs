namespace Instr.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("benchmarks: not implemented yet");
        return 1;
    }
}
