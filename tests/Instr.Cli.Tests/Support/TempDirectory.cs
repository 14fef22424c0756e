namespace Instr.Cli.Tests.Support;

/// <summary>A fresh directory for one test, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("instr-cli-").FullName;

    public string Touch(string name)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, string.Empty);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
