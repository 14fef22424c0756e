namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// Copies a build output into the sandbox with world-readable permissions, so a process running as another OS user
/// can load it even when the repository itself lives under a private directory (e.g. a CI clone below /root).
/// </summary>
public static class WorldReadableCopy
{
    private const UnixFileMode Directories = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Files = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Executables = (UnixFileMode)0b111_101_101;

    /// <summary>
    /// Copies the directory holding <paramref name="file"/> (e.g. RepoLayout.InstrExecutable, RepoLayout.StartupHook,
    /// RepoLayout.TestApp(...)) and returns the path of the copied file.
    /// </summary>
    public static string OfFileDirectory(TestSandbox sandbox, string file)
    {
        var source = Path.GetDirectoryName(file)!;
        var target = Path.Combine(sandbox.Root, "shared", Path.GetFileNameWithoutExtension(file));
        CopyDirectory(source, target);
        return Path.Combine(target, Path.GetFileName(file));
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, Directories);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            // Executables (e.g. the instr apphost) stay executable for everyone; everything else becomes 0644.
            File.SetUnixFileMode(copy, (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0 ? Executables : Files);
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }

        File.SetUnixFileMode(Path.GetDirectoryName(target)!, Directories);
    }
}
