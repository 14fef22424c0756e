using System.Text.Json;
using Instr.IntegrationTests.EndToEnd;
using Instr.IntegrationTests.Infrastructure;

namespace Instr.IntegrationTests.Cli;

/// <summary>`instr ps` and `instr list` find and describe each test app (web app, app with an old Google.Protobuf).</summary>
[Collection(EndToEndCollection.SecondLane)]
public sealed class TestAppsTests
{
    [Theory]
    [InlineData("MinimalApiApp", "TelemetryProbe")]
    [InlineData("OldProtobufApp", "Program")]
    public async Task Ps_and_list_see_the_app_and_its_own_methods(string appName, string ownType)
    {
        using var sandbox = new TestSandbox();
        sandbox.ExtraEnvironment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{FreePort.Loopback()}";
        var dll = RepoLayout.TestApp(appName);
        // OldProtobufApp waits for a file that never comes; MinimalApiApp runs until the sandbox kills it.
        string[] args = appName == "OldProtobufApp" ? [dll, "--wait-file", Path.Combine(sandbox.Root, "never")] : [dll];
        var app = sandbox.Start(RepoLayout.DotnetHost, args, withAgent: true, workingDirectory: Path.GetDirectoryName(dll));
        await sandbox.WaitForAgentSocketAsync(app);

        var ps = await sandbox.RunInstrAsync("ps", "--json");
        CliAssert.Succeeds(ps);
        var row = Assert.Single(PsJson.Agents(ps.StandardOutput));
        Assert.Equal(app.Pid, row.GetProperty("pid").GetInt32());
        Assert.Equal(appName, row.GetProperty("name").GetString());

        var list = await sandbox.RunInstrAsync("list", ownType, "--json");
        CliAssert.Succeeds(list);
        var methods = JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray().ToArray();
        Assert.NotEmpty(methods);
        Assert.All(methods, m =>
        {
            Assert.StartsWith(ownType + ":", m.GetProperty("name").GetString(), StringComparison.Ordinal);
            Assert.Equal(appName, m.GetProperty("assembly").GetString());
        });
        Assert.False(app.HasExited);
    }
}
