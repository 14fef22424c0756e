using System.CommandLine.Completions;
using System.Globalization;
using Instr.Cli.Transport;
using Instr.Shared;

namespace Instr.Cli.Commands;

/// <summary>
/// Shell completion beyond verbs and option names (which System.CommandLine's [suggest] directive, used by
/// dotnet-suggest, knows by itself): `--pid` completes to the pids that have a live agent, with their names.
/// </summary>
internal static class Completions
{
    public static void Install(CommonOptions common) =>
        common.Pid.CompletionSources.Add(_ => AgentPids());

    private static IEnumerable<CompletionItem> AgentPids()
    {
        DiscoveryResult scan;
        try
        {
            scan = AgentDiscovery.Scan(AgentSocketPaths.Directory());
        }
        catch (InstrException)
        {
            return []; // a socket directory we may not read: nothing to offer
        }

        return scan.Live.Select(e => new CompletionItem(
            e.Pid.ToString(CultureInfo.InvariantCulture),
            detail: DotNetProcessScan.NameOf(e.Pid)));
    }
}
