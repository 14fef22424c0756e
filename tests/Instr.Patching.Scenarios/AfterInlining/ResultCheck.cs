namespace Instr.Patching.Scenarios.AfterInlining;

/// <summary>Checks results from many threads: counts the wrong ones and keeps the first for the report.</summary>
internal sealed class ResultCheck(Func<int, long> expected)
{
    private long _wrong;
    private string? _first;

    public long Wrong => Interlocked.Read(ref _wrong);

    public string Summary => Wrong == 0 ? "all results right" : $"{Wrong} wrong results (first: {_first})";

    public void Verify(int input, long actual)
    {
        long right = expected(input);
        if (actual != right && Interlocked.Increment(ref _wrong) == 1)
        {
            _first = $"input {input}: got {actual}, expected {right}";
        }
    }
}
