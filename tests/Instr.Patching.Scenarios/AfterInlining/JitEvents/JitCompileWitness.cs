using System.Diagnostics.Tracing;

namespace Instr.Patching.Scenarios.AfterInlining.JitEvents;

/// <summary>
/// Records every JIT compile of this process and the inlining decisions made in it, from the runtime's own events
/// (provider Microsoft-Windows-DotNETRuntime, JIT and JIT-tracing keywords) — an oracle independent of the patch
/// engine. Per OS thread a compile runs from MethodJittingStarted to MethodLoadVerbose; the inlining events in
/// between name the root method being compiled, so nested inlines (A inlined into B inlined into C) count for C.
/// Events arrive on the listener's dispatch thread some time after the compile: callers poll.
/// Must be created before the methods of interest are compiled.
/// </summary>
internal sealed class JitCompileWitness : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private const EventKeywords JitTracingKeyword = (EventKeywords)0x1000;

    private const int MethodLoadVerbose = 143;
    private const int MethodJittingStarted = 145;
    private const int InliningSucceeded = 185;
    private const int InliningFailedAnsi = 186;
    private const int InliningFailed = 192;

    private const uint SharedGenericCodeFlag = 0x4;
    private const int TierShift = 7;
    private const uint TierMask = 0x7;

    // Field initializers run before the base constructor, which already calls OnEventSourceCreated.
    private readonly object _gate = new();
    private readonly Dictionary<long, List<PendingCompile>> _inFlight = [];
    private readonly List<JitCompile> _compiles = [];
    private long _sequence;

    /// <summary>Every compile finished so far, in the order the events arrived.</summary>
    public IReadOnlyList<JitCompile> Compiles
    {
        get
        {
            lock (_gate)
            {
                return [.. _compiles];
            }
        }
    }

    /// <summary>The sequence number the next finished compile will get (a mark for "compiled after this point").</summary>
    public long NextSequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeProvider)
        {
            EnableEvents(eventSource, EventLevel.Verbose, JitKeyword | JitTracingKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventId)
        {
            case MethodJittingStarted:
                Started(e.OSThreadId, Payload.U64(e, "MethodID"), NameOf(e, "Method"));
                break;
            case InliningSucceeded:
            case InliningFailed:
            case InliningFailedAnsi:
                Decided(e.OSThreadId, NameOf(e, "MethodBeingCompiled"), new JitInlineDecision(
                    NameOf(e, "Inlinee"), NameOf(e, "Inliner"), e.EventId == InliningSucceeded, Payload.Text(e, "FailReason")));
                break;
            case MethodLoadVerbose:
                Loaded(e);
                break;
        }
    }

    private static JitMethodName NameOf(EventWrittenEventArgs e, string prefix) =>
        new(Payload.Text(e, prefix + "Namespace") ?? "", Payload.Text(e, prefix + "Name") ?? "",
            Payload.Text(e, prefix + (prefix == "Method" ? "Signature" : "NameSignature")) ?? "");

    private void Started(long thread, ulong methodId, JitMethodName name)
    {
        lock (_gate)
        {
            if (!_inFlight.TryGetValue(thread, out var stack))
            {
                _inFlight[thread] = stack = [];
            }

            stack.Add(new PendingCompile(methodId, name, []));
        }
    }

    private void Decided(long thread, JitMethodName root, JitInlineDecision decision)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(thread, out var stack) && stack.FindLast(p => SameName(p.Name, root)) is { } pending)
            {
                pending.Decisions.Add(decision);
            }
        }
    }

    private void Loaded(EventWrittenEventArgs e)
    {
        ulong methodId = Payload.U64(e, "MethodID");
        uint flags = Payload.U32(e, "MethodFlags");
        lock (_gate)
        {
            List<JitInlineDecision> decisions = [];
            JitMethodName name = NameOf(e, "Method");
            if (_inFlight.TryGetValue(e.OSThreadId, out var stack) && stack.FindLastIndex(p => p.MethodId == methodId) is var index and >= 0)
            {
                decisions = stack[index].Decisions;
                stack.RemoveAt(index);
            }

            _compiles.Add(new JitCompile(
                _sequence++, methodId, name, (JitTier)((flags >> TierShift) & TierMask), (flags & SharedGenericCodeFlag) != 0,
                Payload.U64(e, "MethodStartAddress"), Payload.U32(e, "MethodSize"), decisions));
        }
    }

    private static bool SameName(JitMethodName a, JitMethodName b) => a.Type == b.Type && a.Name == b.Name && a.Signature == b.Signature;

    private sealed record PendingCompile(ulong MethodId, JitMethodName Name, List<JitInlineDecision> Decisions);

    /// <summary>Typed access to an event's payload by field name.</summary>
    private static class Payload
    {
        public static string? Text(EventWrittenEventArgs e, string name) => Value(e, name)?.ToString();

        public static ulong U64(EventWrittenEventArgs e, string name) => Value(e, name) is { } v ? Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

        public static uint U32(EventWrittenEventArgs e, string name) => Value(e, name) is { } v ? Convert.ToUInt32(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

        private static object? Value(EventWrittenEventArgs e, string name)
        {
            int index = e.PayloadNames?.IndexOf(name) ?? -1;
            return index >= 0 && e.Payload is { } payload && index < payload.Count ? payload[index] : null;
        }
    }
}
