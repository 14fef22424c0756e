using System.Diagnostics;
using System.Globalization;

namespace Instr.IntegrationTests.Infrastructure;

/// <summary>
/// A second OS user for permission tests. The tests run as root (CI), so they can create it with useradd and start
/// processes as it with setpriv. <see cref="TryEnsure"/> says why when that is impossible, so a test can skip clearly.
/// </summary>
public static class OtherUser
{
    public const string Name = "instr-it-other";

    private static readonly Lazy<(uint? Uid, string? Problem)> Lazy = new(Create);

    /// <summary>The other user's uid, or null with the reason it cannot exist here.</summary>
    public static uint? TryEnsure(out string? problem)
    {
        (var uid, problem) = Lazy.Value;
        return uid;
    }

    private static (uint? Uid, string? Problem) Create()
    {
        if (Instr.Shared.AgentSocketPaths.CurrentUid() != 0)
        {
            return (null, "the tests do not run as root, so they cannot create or become a second user");
        }

        var (code, output) = Run("id", "-u", Name);
        if (code != 0)
        {
            (code, output) = Run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", Name);
            if (code != 0 && !output.Contains("already exists", StringComparison.Ordinal))
            {
                return (null, $"useradd {Name} failed: {output.Trim()}");
            }

            (code, output) = Run("id", "-u", Name);
        }

        return code == 0 && uint.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? (uid, null)
            : (null, $"id -u {Name} failed: {output.Trim()}");
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                psi.ArgumentList.Add(arg);
            }

            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
    }
}
