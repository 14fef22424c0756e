// usage: ConnectProbe SOCKET_PATH — prints one word/line (see Http2Probe) and exits 0 only if the server answered.
using Instr.IntegrationTests.Infrastructure;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ConnectProbe SOCKET_PATH");
    return 2;
}

var outcome = await Http2Probe.ProbeAsync(args[0], TimeSpan.FromSeconds(20));
Console.WriteLine(outcome);
return outcome == Http2Probe.Answered ? 0 : 1;
