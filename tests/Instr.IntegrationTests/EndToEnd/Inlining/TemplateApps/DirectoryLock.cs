namespace Instr.IntegrationTests.EndToEnd.Inlining.TemplateApps;

/// <summary>
/// An exclusive lock on a file, held while a fixture generates shared artifacts, so that two test processes (two
/// `dotnet test` runs in one checkout) never build into the same directory at once. The OS drops it if we die.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    public static async Task<DirectoryLock> AcquireAsync(string directory, TimeSpan timeout)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ".lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
