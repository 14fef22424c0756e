using Grpc.Core;
using Instr.Protocol.V1;

namespace Instr.Cli.Ui;

/// <summary>
/// Reads the agent's Watch stream on a background task and hands every snapshot to the UI. It never throws: a lost
/// stream is retried while the process lives, and reported once the process is gone. Stop() joins the task, so the
/// terminal is only restored after the last callback (a thread dying mid-draw left the alternate screen on).
/// </summary>
internal sealed class WatchPump
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly DashboardAgent _agent;
    private readonly TimeSpan _interval;
    private readonly string? _appMeter;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public WatchPump(DashboardAgent agent, TimeSpan interval, string? appMeter = null)
    {
        _agent = agent;
        _interval = interval;
        _appMeter = appMeter;
    }

    /// <summary>A snapshot arrived (called on the pump's thread).</summary>
    public event Action<WatchSnapshot>? SnapshotReceived;

    /// <summary>A one-line notice: stream problems, retries (called on the pump's thread).</summary>
    public event Action<string>? Notice;

    /// <summary>The target process has exited; the pump has stopped (called on the pump's thread).</summary>
    public event Action<string>? AppGone;

    public void Start() => _loop = Task.Run(RunAsync);

    public void Stop()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // RunAsync catches everything; nothing useful is left to report at shutdown.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var reportedProblem = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var snapshot in _agent.Watch(_interval, _appMeter, ct).WithCancellation(ct))
                {
                    reportedProblem = false;
                    SnapshotReceived?.Invoke(snapshot);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
            {
                Notice?.Invoke("the agent does not support live counts (Watch) yet");
                return;
            }
            catch (Exception e)
            {
                if (!_agent.ProcessIsAlive())
                {
                    break;
                }

                if (!reportedProblem)
                {
                    Notice?.Invoke($"live counts interrupted ({OneLine(e)}); retrying");
                    reportedProblem = true;
                }
            }

            // The stream ended: the agent ends it when the app stops, so look before reconnecting.
            if (!_agent.ProcessIsAlive())
            {
                break;
            }

            try
            {
                await Task.Delay(RetryDelay, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (!ct.IsCancellationRequested)
        {
            AppGone?.Invoke($"process {_agent.Pid} has exited — counts are final; press q to quit");
        }
    }

    // gRPC details of a lost connection are multi-line transport dumps; the status code says enough here.
    private static string OneLine(Exception e) =>
        e is RpcException rpc ? rpc.StatusCode.ToString() : e.Message.ReplaceLineEndings(" ");
}
