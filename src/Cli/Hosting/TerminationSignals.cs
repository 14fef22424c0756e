using System.Runtime.InteropServices;

namespace Instr.Cli.Hosting;

/// <summary>
/// SIGINT/SIGTERM → one CancellationToken for the running verb (which then exits 130). A second signal is left to
/// the runtime's default action, so a command that does not stop can still be killed with another Ctrl+C.
/// Replaces System.CommandLine's own handler, whose timeout would end `instr run` while its child still runs.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (!_source.IsCancellationRequested)
        {
            context.Cancel = true;
            _source.Cancel();
        }
    }
}
