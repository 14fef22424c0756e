using System.Diagnostics;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// One user hammering the agent: runs its CLI commands in a cycle, each a real `instr` process, until the storm ends.
/// Every command must finish within a generous bound (a hang is a deadlock, not slowness) with an exit code a user
/// can get from a race with other clients: 0, 3 (the pattern hit no live patch: someone else unpatched it first) or
/// 4 (every match refused: someone else patched it first, or a lease patched nothing of its own). Anything else — 1,
/// 5, a stack trace — is collected as a failure.
/// </summary>
internal sealed class StormClient(string name, TestSandbox sandbox, IReadOnlyList<string[]> cycle)
{
    private static readonly TimeSpan s_commandBound = TimeSpan.FromSeconds(90);
    private static readonly int[] s_raceExitCodes = [0, 3, 4];

    public string Name { get; } = name;

    public int Commands { get; private set; }

    public List<string> Failures { get; } = [];

    public Dictionary<int, int> ExitCodes { get; } = [];

    public async Task RunUntilAsync(Stopwatch clock, TimeSpan duration)
    {
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var args = cycle[i % cycle.Count];
            var result = await sandbox.RunInstrAsync(args, s_commandBound);
            Commands++;
            ExitCodes[result.ExitCode] = ExitCodes.GetValueOrDefault(result.ExitCode) + 1;
            if (!s_raceExitCodes.Contains(result.ExitCode) || result.StandardError.Contains("   at ", StringComparison.Ordinal))
            {
                Failures.Add($"{Name}: instr {string.Join(' ', args)} → {result}");
            }
        }
    }

    public override string ToString() =>
        $"{Name}: {Commands} commands, exit codes {string.Join(", ", ExitCodes.OrderBy(e => e.Key).Select(e => $"{e.Key}×{e.Value}"))}";
}
