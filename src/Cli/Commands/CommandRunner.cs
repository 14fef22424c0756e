using Instr.Cli.Rendering;

namespace Instr.Cli.Commands;

/// <summary>
/// Runs a verb's body and turns every way it can end into an exit code and at most one line on stderr:
/// <see cref="InstrException"/> → its code, Ctrl+C → 130, anything else → 1 (stack trace only with --verbose).
/// After Ctrl+C, whatever the interrupted call throws is the interruption: a stream torn down mid-read can surface as
/// an RpcException of another status, an IOException or an ObjectDisposedException, not only as a cancellation (seen
/// once in CI: `instr watch` exited 1 instead of 130 on a loaded machine).
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, bool verbose, CancellationToken ct, Func<Task<ExitCode>> body)
    {
        try
        {
            return (int)await body().ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Ctrl+C: the cancellation itself, or whatever the interrupted call threw because of it.
            return (int)ExitCode.Interrupted;
        }
        catch (InstrException ex)
        {
            console.WriteError(ex.Message);
            if (verbose && ex.InnerException is not null)
            {
                console.Error.WriteLine(ex.InnerException);
            }

            return (int)ex.ExitCode;
        }
        catch (Exception ex)
        {
            console.WriteError($"unexpected error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}{(verbose ? string.Empty : " (use --verbose for details)")}");
            if (verbose)
            {
                console.Error.WriteLine(ex);
            }

            return (int)ExitCode.Error;
        }
    }
}
