namespace HundredThousandMethodsApp;

/// <summary>
/// The app's own work while instr looks at it: a background thread calls the methods of T000 it was given (M00 …) in
/// rounds, 100 calls of each per round and a 10 ms pause between rounds (a light, steady load whose counts move on the
/// dashboard), and checks every result, so a test can tell that patching elsewhere left the app's work correct.
/// </summary>
internal sealed class OwnWork(Func<long, long>[] targets)
{
    private long _rounds;
    private long _wrong;

    public void Start() => new Thread(Loop) { IsBackground = true, Name = "own work" }.Start();

    public (long Rounds, long Wrong) Progress() => (Interlocked.Read(ref _rounds), Interlocked.Read(ref _wrong));

    private void Loop()
    {
        while (true)
        {
            for (var method = 0; method < targets.Length; method++)
            {
                for (var x = 0L; x < 100; x++)
                {
                    if (targets[method](x) != GeneratedAssembly.Expected(0, method, x))
                    {
                        Interlocked.Increment(ref _wrong);
                    }
                }
            }

            Interlocked.Increment(ref _rounds);
            Thread.Sleep(10);
        }
    }
}
