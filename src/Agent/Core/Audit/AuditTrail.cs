using Instr.Protocol.V1;

namespace Instr.Agent.Audit;

/// <summary>
/// Who patched and unpatched what in this process (`instr audit`): every patch, unpatch and lease end, with the time,
/// the client's uid, the pattern, the methods and the result. Bounded: the newest <see cref="Capacity"/> entries are
/// kept (each with at most <see cref="MethodsPerEntry"/> names), so an agent that lives for months under a script that
/// patches every minute keeps a fixed amount of memory. One trail per process: INSTR_PATCH at startup writes to it
/// before the gRPC host exists.
/// </summary>
internal sealed class AuditTrail
{
    public const int Capacity = 1000;
    public const int MethodsPerEntry = 100;

    private readonly Lock _gate = new();
    private readonly Queue<AuditEntry> _entries = new();
    private ulong _dropped;

    public static AuditTrail Process { get; } = new();

    public void Record(long uid, string action, string pattern, IReadOnlyCollection<string> methods, string result, string lease = "")
    {
        var entry = new AuditEntry
        {
            TimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Uid = uid,
            Action = action,
            Pattern = pattern.Length <= 4096 ? pattern : pattern[..4096],
            MethodsTotal = (uint)methods.Count,
            Result = result,
            Lease = lease,
        };
        entry.Methods.AddRange(methods.Take(MethodsPerEntry));
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
                _dropped++;
            }
        }
    }

    public GetAuditResponse Read()
    {
        var response = new GetAuditResponse();
        lock (_gate)
        {
            response.Entries.AddRange(_entries);
            response.Dropped = _dropped;
        }

        return response;
    }
}
