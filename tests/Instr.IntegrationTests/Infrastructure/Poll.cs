namespace Instr.IntegrationTests.Infrastructure;

/// <summary>Bounded polling: tests wait for a condition, never for a fixed time, and fail with a message on timeout.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failureMessage, Func<string?>? stopEarly = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (stopEarly?.Invoke() is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failureMessage());
            }

            await Task.Delay(20);
        }
    }
}
