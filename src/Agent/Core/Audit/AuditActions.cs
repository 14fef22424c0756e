namespace Instr.Agent.Audit;

/// <summary>The actions an audit entry can record (the `action` field of `instr audit --json`).</summary>
internal static class AuditActions
{
    public const string Patch = "patch";
    public const string Unpatch = "unpatch";

    /// <summary>A lease ended (its --ttl ran out, or the `watch --lease` stream that held it ended) and its methods were unpatched.</summary>
    public const string LeaseEnd = "lease-end";
}
