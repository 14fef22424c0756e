namespace Instr.Cli.Transport;

/// <summary>A running .NET process of this user, as /proc shows it (the agent is not asked).</summary>
/// <param name="Pid">Process id.</param>
/// <param name="StartTime">Field 22 of /proc/PID/stat: with the pid, names the process (and its sockets) uniquely.</param>
/// <param name="Name">The name a user knows it by: the app's dll for `dotnet app.dll`, else the executable.</param>
/// <param name="Runtime">".NET 10.0.12" from the path of the loaded runtime; ".NET" when the path does not tell.</param>
internal sealed record DotNetProcess(int Pid, long StartTime, string Name, string Runtime);
