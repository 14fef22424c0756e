namespace SampleTarget;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("SampleTarget: not implemented yet");
        return 0;
    }
}
