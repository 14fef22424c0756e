namespace Instr.IntegrationTests.Safety;

/// <summary>Bounded polling of a condition that needs a CLI call or an RPC to check (never a fixed wait).</summary>
internal static class AsyncPoll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failureMessage)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failureMessage());
            }

            await Task.Delay(200);
        }
    }
}
