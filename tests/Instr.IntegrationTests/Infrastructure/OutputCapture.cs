namespace Instr.IntegrationTests.Infrastructure;

/// <summary>Reads a child's output stream to the end in the background, keeping every byte.</summary>
internal sealed class OutputCapture
{
    private readonly MemoryStream _buffer = new();
    private readonly Lock _gate = new();

    public OutputCapture(Stream stream) => Completion = Task.Run(() => PumpAsync(stream));

    /// <summary>Completes when the stream has ended (the child closed it or exited).</summary>
    public Task Completion { get; }

    public byte[] Bytes
    {
        get
        {
            lock (_gate)
            {
                return _buffer.ToArray();
            }
        }
    }

    private async Task PumpAsync(Stream stream)
    {
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk)) > 0)
        {
            lock (_gate)
            {
                _buffer.Write(chunk, 0, read);
            }
        }
    }
}
