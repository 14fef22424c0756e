using System.Globalization;
using System.Reflection;
using Instr.Agent.Audit;
using Instr.Agent.Counters;
using Instr.Agent.Leases;
using Instr.Agent.Resolution;
using Instr.Patching;
using Instr.Protocol.V1;
using Coverage = Instr.Patching.Coverage;
using EnginePatch = Instr.Patching.PatchedMethod;
using EngineProbe = Instr.Patching.ProbeKind;
using WirePatched = Instr.Protocol.V1.PatchedMethod;
using WireProbe = Instr.Protocol.V1.ProbeKind;

namespace Instr.Agent.Services;

/// <summary>
/// Patch and unpatch by pattern: resolution turns the pattern into methods, the engine patches each one, and the
/// outcome is gathered per method (patched with notes, or skipped with a reason). One patch operation at a time, so
/// two clients cannot interleave half-applied plans. Every patch, unpatch and lease end is written to the audit trail;
/// a patch taken under a lease (--ttl, watch --lease) is unpatched when the lease ends.
/// </summary>
internal sealed class PatchCoordinator(MethodResolver resolver, EngineAccess engineAccess)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly LeaseBook _leases = new();

    public AuditTrail Audit { get; } = AuditTrail.Process;

    public Task<PatchResponse> PatchAsync(string pattern, bool dryRun, WireProbe probe, bool includeFramework, CancellationToken ct) =>
        PatchAsync(pattern, dryRun, probe, includeFramework, Callers.Unknown, lease: null, ct);

    /// <param name="uid">The client's uid, for the audit.</param>
    /// <param name="lease">When set, the methods this call patches belong to the lease and are unpatched when it ends.</param>
    public async Task<PatchResponse> PatchAsync(string pattern, bool dryRun, WireProbe probe, bool includeFramework, long uid, Lease? lease, CancellationToken ct)
    {
        try
        {
            var response = await PatchCoreAsync(pattern, dryRun, probe, includeFramework, lease, ct).ConfigureAwait(false);
            if (!dryRun)
            {
                Audit.Record(uid, AuditActions.Patch, pattern, [.. response.Patched.Select(p => p.Name)],
                    string.Create(CultureInfo.InvariantCulture, $"{response.Patched.Count} patched, {response.Skipped.Count} skipped"), lease?.Description ?? "");
            }

            return response;
        }
        catch (Exception error) when (!dryRun && error is not OperationCanceledException)
        {
            var methods = error is AllRefusedException refused ? refused.Response.Skipped.Select(s => s.Name).ToList() : [];
            Audit.Record(uid, AuditActions.Patch, pattern, methods, "failed: " + error.Message, lease?.Description ?? "");
            throw;
        }
    }

    /// <summary>Ends the lease after <paramref name="ttl"/> (the agent's own timer; nothing the client must keep open).</summary>
    public void EndAfter(Lease lease, TimeSpan ttl) =>
        _ = Task.Delay(ttl).ContinueWith(_ => EndLeaseAsync(lease), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();

    /// <summary>Ends a lease: unpatches what it still holds (methods someone else unpatched meanwhile are left alone).</summary>
    public async Task EndLeaseAsync(Lease lease)
    {
        await _oneAtATime.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var engine = engineAccess.TryGet(out _);
            var unpatched = new List<string>();
            var calls = 0L;
            foreach (var method in _leases.End(lease))
            {
                var result = engine?.Unpatch(method);
                if (result is { Unpatched: true })
                {
                    unpatched.Add(MethodResolver.CanonicalName(method));
                    calls += result.FinalCalls;
                }
            }

            Audit.Record(lease.Uid, AuditActions.LeaseEnd, lease.Patterns, unpatched,
                string.Create(CultureInfo.InvariantCulture, $"unpatched {unpatched.Count} ({lease.Description} ended; {calls} calls counted)"), lease.Description);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            ServiceLog.Error($"ending lease {lease.Description} failed", error);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<PatchResponse> PatchCoreAsync(string pattern, bool dryRun, WireProbe probe, bool includeFramework, Lease? lease, CancellationToken ct)
    {
        var methods = ResolveRequired(pattern, includeFramework);
        var engineProbe = ProbeWire.ToEngine(probe)
            ?? throw new ArgumentException($"unknown probe kind {(int)probe} (this agent serves: count, timing)", nameof(probe));
        var response = new PatchResponse { DryRun = dryRun };

        await _oneAtATime.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var engine = engineAccess.TryGet(out var unavailable);
            if (engine is null)
            {
                response.Skipped.AddRange(methods.Select(m => new SkippedMethod { Name = m.Name, Reason = unavailable }));
            }
            else
            {
                // Only what this call patches itself joins the lease: a method someone patched before keeps its owner.
                var before = lease is null ? null : engine.Patched.Select(p => p.Method).ToHashSet();
                if (dryRun || !TryPatchAllAtOnce(response, methods, engine, engineProbe))
                {
                    foreach (var method in methods)
                    {
                        AddOutcome(response, method, engine, engineProbe, dryRun);
                    }
                }

                if (lease is not null && !dryRun)
                {
                    lease.AddPattern(pattern);
                    _leases.Take(lease, methods.Select(m => m.Method).Where(m => !before!.Contains(m) && engine.Find(m) is { IsActive: true }));
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }

        if (response.Patched.Count == 0)
        {
            var verb = dryRun ? "would be refused" : "were refused";
            throw new AllRefusedException($"all {response.Skipped.Count} matching methods {verb}: {FirstReasons(response)}", response);
        }

        return response;
    }

    public Task<UnpatchResponse> UnpatchAsync(string pattern, bool all, CancellationToken ct) => UnpatchAsync(pattern, all, Callers.Unknown, ct);

    public async Task<UnpatchResponse> UnpatchAsync(string pattern, bool all, long uid, CancellationToken ct)
    {
        var shown = all ? "--all" : pattern;
        try
        {
            var response = await UnpatchCoreAsync(pattern, all, ct).ConfigureAwait(false);
            Audit.Record(uid, AuditActions.Unpatch, shown, [.. response.Unpatched.Select(u => u.Name)],
                string.Create(CultureInfo.InvariantCulture, $"{response.Unpatched.Count} unpatched, {response.Skipped.Count} skipped"));
            return response;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Audit.Record(uid, AuditActions.Unpatch, shown, [], "failed: " + error.Message);
            throw;
        }
    }

    private async Task<UnpatchResponse> UnpatchCoreAsync(string pattern, bool all, CancellationToken ct)
    {
        var response = new UnpatchResponse();
        await _oneAtATime.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var engine = engineAccess.TryGet(out _);
            var live = engine?.Patched ?? [];
            IEnumerable<EnginePatch> targets;
            if (all)
            {
                targets = live;
            }
            else
            {
                var wanted = ResolveRequired(pattern, includeFramework: true).Select(m => m.Method).ToHashSet();
                targets = live.Where(p => wanted.Contains(p.Method));
            }

            foreach (var patch in targets.ToList())
            {
                var name = MethodResolver.CanonicalName(patch.Method);
                var result = engine!.Unpatch(patch.Method);
                _leases.Forget(patch.Method);
                if (result.Unpatched)
                {
                    response.Unpatched.Add(new UnpatchedMethod { Name = name, Calls = result.FinalCalls });
                }
                else
                {
                    response.Skipped.Add(new SkippedMethod { Name = name, Reason = result.Reason ?? "not patched" });
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }

        // `--all` with nothing patched is a successful no-op (like Arthas' reset); a pattern that hits no live
        // patch is a user mistake worth an exit code.
        if (!all && response.Unpatched.Count == 0 && response.Skipped.Count == 0)
        {
            throw new NoMatchException($"no patched method matches '{Shorten(pattern)}'");
        }

        return response;
    }

    private IReadOnlyList<ResolvedMethod> ResolveRequired(string pattern, bool includeFramework)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException("a method name or pattern is required, e.g. 'MyApp.Orders:Submit' or 'MyApp.Orders.*'");
        }

        var parsed = MethodPattern.Parse(pattern);
        var methods = resolver.ResolveParsed(parsed, includeFramework);
        if (methods.Count == 0)
        {
            // An exact type name already searched the framework; only a glob over types would reach more with --all.
            var hint = includeFramework || !parsed.GlobsTypes ? string.Empty : " (globs reach framework types only with --all)";
            throw new NoMatchException($"no method matches '{Shorten(pattern)}'{hint}; try 'instr list' to see names");
        }

        return methods;
    }

    /// <summary>One engine call for the whole pattern: the two-phase install pauses once instead of once per method
    /// (10,000 methods in one pause rather than 10,000 pauses). False when the engine threw, so the caller can fall
    /// back to one method at a time and still patch every method it can.</summary>
    private static bool TryPatchAllAtOnce(PatchResponse response, IReadOnlyList<ResolvedMethod> methods, MethodPatcher engine, EngineProbe probe)
    {
        IReadOnlyList<PatchResult> results;
        try
        {
            results = engine.PatchAll(methods.Select(m => m.Method), probe);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            ServiceLog.Error("engine failed on a batch; patching one method at a time", error);
            return false;
        }

        for (var i = 0; i < methods.Count; i++)
        {
            AddResult(response, methods[i].Name, results[i]);
        }

        return true;
    }

    private static void AddOutcome(PatchResponse response, ResolvedMethod method, MethodPatcher engine, EngineProbe probe, bool dryRun)
    {
        try
        {
            if (dryRun)
            {
                // A plan patches nothing, so it has no coverage: the field stays unspecified (left out of --json).
                var plan = engine.Plan(method.Method, probe);
                Add(response, method.Name, plan.CanPatch, plan.RefusalReason, plan.Notes, coverage: null);
            }
            else
            {
                AddResult(response, method.Name, engine.Patch(method.Method, probe));
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The engine promises refusals, not exceptions; if one escapes anyway, this method is skipped and the
            // others still get patched.
            ServiceLog.Error($"engine failed on {method.Name}", error);
            response.Skipped.Add(new SkippedMethod { Name = method.Name, Reason = $"engine error: {error.Message}" });
        }
    }

    private static void AddResult(PatchResponse response, string name, PatchResult result) =>
        Add(response, name, result.Succeeded, result.RefusalReason, result.Notes, result.Handle?.Coverage);

    private static void Add(PatchResponse response, string name, bool ok, string? reason, IReadOnlyList<string> notes, Coverage? coverage)
    {
        if (ok)
        {
            var patched = new WirePatched { Name = name };
            patched.Notes.AddRange(notes);
            if (coverage is not null)
            {
                (patched.Coverage, patched.CoverageReason) = CoverageWire.Of(coverage);
            }

            response.Patched.Add(patched);
        }
        else
        {
            response.Skipped.Add(new SkippedMethod { Name = name, Reason = reason ?? "refused" });
        }
    }

    private static string FirstReasons(PatchResponse response)
    {
        var reasons = response.Skipped.Select(s => s.Reason).Distinct().Take(3).ToList();
        return string.Join("; ", reasons);
    }

    internal static string Shorten(string pattern) => pattern.Length <= 120 ? pattern : pattern[..117] + "...";

    /// <summary>Canonical names of every live patch, for listing and snapshots.</summary>
    public static Dictionary<MethodBase, EnginePatch> ByMethod(IReadOnlyList<EnginePatch> live)
    {
        var map = new Dictionary<MethodBase, EnginePatch>(live.Count);
        foreach (var patch in live)
        {
            map[patch.Method] = patch;
        }

        return map;
    }
}
