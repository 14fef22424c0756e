namespace Instr.IntegrationTests.Ui;

/// <summary>
/// The terminal tests run one at a time: each starts an app, a dashboard and a tmux server, and on 2 shared cores
/// parallel runs only make the bounded waits flaky.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardTerminalCollection
{
    public const string Name = "dashboard terminal";
}
