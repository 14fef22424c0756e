namespace CountedTests;

/// <summary>The code under test: every call of <see cref="Post"/> is one the integration test expects instr to count.</summary>
public sealed class Ledger
{
    public long Balance { get; private set; }

    public int Entries { get; private set; }

    public void Post(long amount)
    {
        Balance += amount;
        Entries++;
    }
}
