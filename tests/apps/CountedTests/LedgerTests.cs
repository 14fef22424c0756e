namespace CountedTests;

/// <summary>1,000 + 234 = 1,234 calls of Ledger.Post, each test checking its own share.</summary>
public sealed class LedgerTests
{
    /// <summary>The total the integration test compares instr's report with.</summary>
    public const int ExpectedPosts = 1_234;

    [Fact]
    public void A_thousand_postings_add_up()
    {
        var ledger = new Ledger();
        for (var i = 1; i <= 1_000; i++)
        {
            ledger.Post(i);
        }

        Assert.Equal(1_000, ledger.Entries);
        Assert.Equal(500_500, ledger.Balance);
    }

    [Fact]
    public void Two_hundred_thirty_four_refunds_cancel_out()
    {
        var ledger = new Ledger();
        for (var i = 0; i < 117; i++)
        {
            ledger.Post(10);
            ledger.Post(-10);
        }

        Assert.Equal(ExpectedPosts - 1_000, ledger.Entries);
        Assert.Equal(0, ledger.Balance);
    }
}
