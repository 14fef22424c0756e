namespace Instr.Cli.Run;

/// <summary>A patched method in a process report; the timing figures exist only for the timing probe.</summary>
internal sealed record ReportedMethod(string Name, long Calls, double? P50Us, double? P99Us, double? MaxUs)
{
    public bool HasTiming => P99Us is not null;
}
