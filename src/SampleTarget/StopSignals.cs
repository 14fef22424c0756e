using System.Runtime.InteropServices;

namespace SampleTarget;

/// <summary>SIGINT (Ctrl+C) and SIGTERM stop the loop cleanly instead of killing the process, so that the summary is
/// still printed. The exit code then follows the shell convention for the signal: 130 (SIGINT), 143 (SIGTERM).</summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _exitCode;

    public StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, 130));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, 143));
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>0 unless a signal arrived; then 130 or 143 (the first signal wins).</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true;
        Interlocked.CompareExchange(ref _exitCode, exitCode, 0);
        _stop.Cancel();
    }
}
