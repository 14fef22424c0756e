using System.Diagnostics;
using System.Runtime.Versioning;
using Instr.Agent.Security;

namespace Instr.Agent.Tests.Hosting;

[SupportedOSPlatform("linux")]
public sealed class SocketDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _root = Directory.CreateTempSubdirectory("instr-sockdir-").FullName;

    [Fact]
    public void Missing_directory_is_created_0700()
    {
        var directory = Path.Combine(_root, "instr");

        SocketDirectory.Prepare(directory);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(directory));
    }

    [Fact]
    public void Own_directory_with_looser_permissions_is_tightened_to_0700()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "instr")).FullName;
        File.SetUnixFileMode(directory, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        SocketDirectory.Prepare(directory);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(directory));
    }

    [Fact]
    public void Symbolic_link_is_refused_and_its_target_left_alone()
    {
        var target = Directory.CreateDirectory(Path.Combine(_root, "target")).FullName;
        File.SetUnixFileMode(target, (UnixFileMode)0b111_111_111);
        var link = Path.Combine(_root, "instr");
        File.CreateSymbolicLink(link, target);

        var error = Assert.Throws<AgentStartException>(() => SocketDirectory.Prepare(link));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal((UnixFileMode)0b111_111_111, File.GetUnixFileMode(target));
    }

    [Fact]
    public void A_file_in_place_of_the_directory_is_refused()
    {
        var path = Path.Combine(_root, "instr");
        File.WriteAllText(path, "not a directory");

        var error = Assert.Throws<AgentStartException>(() => SocketDirectory.Prepare(path));

        Assert.Contains("not a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_of_another_user_is_refused()
    {
        Assert.True(Instr.Shared.AgentSocketPaths.CurrentUid() == 0, "this test chowns a directory to another uid and must run as root (as CI does)");
        var directory = Directory.CreateDirectory(Path.Combine(_root, "instr")).FullName;
        File.SetUnixFileMode(directory, OwnerOnly);
        using (var chown = Process.Start("chown", ["65534", directory]))
        {
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }

        var error = Assert.Throws<AgentStartException>(() => SocketDirectory.Prepare(directory));

        Assert.Contains("belongs to uid 65534", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
