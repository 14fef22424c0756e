using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Instr.Patching.Inlining.Candidates;
using Instr.Patching.Inlining.Native;

namespace Instr.Patching.Inlining;

/// <summary>
/// Finds the already-compiled callers that contain an inlined copy of a method: first every method whose
/// IL references it (System.Reflection.Metadata over the loaded assemblies' files, kept open per assembly),
/// then, for each that has compiled code, a disassembly looking for a call that reaches the callee. No call
/// reaching it means its code was inlined there. Callers of small inlinable candidates are searched too
/// (inlining is transitive). A pure analysis: it changes nothing in the running app.
/// Linux x64 only (it reads /proc/self/mem and decodes x64); thread-safe.
/// </summary>
public sealed class InlinedCallerAnalyzer
{
    /// <summary>Assemblies of instr itself: never patched, so never searched.</summary>
    private static readonly HashSet<string> s_ownAssemblies = new(StringComparer.Ordinal)
    {
        "Instr.Patching", "Instr.Agent", "Instr.StartupHook",
    };

    private readonly ICompiledCodeLookup? _registry;
    private readonly PrecodeCodeLookup _precode = new();
    private readonly CandidateCallerFinder _finder;

    /// <param name="registry">The engine's compiled-code lookup (exact sizes, every body); null = precode walk only.</param>
    /// <param name="skipAssembly">Assemblies not to search; null = instr's own assemblies.</param>
    public InlinedCallerAnalyzer(ICompiledCodeLookup? registry = null, Func<Assembly, bool>? skipAssembly = null)
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException("inlining analysis: only Linux x64 is supported");
        }

        _registry = registry;
        _finder = new CandidateCallerFinder(skipAssembly ?? IsOwnAssembly);
    }

    /// <summary>How many levels of small wrappers are followed: a caller may contain the callee through a method it inlined.</summary>
    private const int MaxWrapperDepth = 2;

    /// <summary>Wrappers followed per level (each costs one candidate scan); the rest are counted in the statistics and the note.</summary>
    private const int MaxWrappersPerLevel = 32;

    /// <summary>IL size above which a method is not treated as a wrapper the JIT might inline (its default limit is 100 bytes).</summary>
    private const int MaxWrapperIlBytes = 128;

    /// <summary>Decides, for every loaded method whose IL references <paramref name="callee"/>, whether its compiled code inlined it.</summary>
    public InliningReport Analyze(MethodBase callee)
    {
        ArgumentNullException.ThrowIfNull(callee);
        CandidateScan scan = _finder.Find(callee);
        var stopwatch = Stopwatch.StartNew();
        using var memory = new ProcessMemory();
        var code = new MachineCode(memory);
        ImageMappings mappings = ImageMappings.ReadCurrent();
        CalleeAddresses addresses = AddressesOf(callee, scan, new CalleeAddresses());
        var decision = new CallerDecision(callee, code, mappings, addresses);
        var verdicts = new List<CallerVerdict>(scan.Callers.Count);
        foreach (CandidateCaller candidate in scan.Callers)
        {
            verdicts.Add(DecideSafely(candidate, decision));
        }

        TimeSpan scanTime = scan.Elapsed;
        int bodies = decision.BodiesDisassembled;
        int notFollowed = FollowWrappers(callee, scan, verdicts, code, mappings, addresses, ref scanTime, ref bodies);
        var statistics = new InliningScanStatistics(
            scan.AssembliesScanned, scan.AssembliesIndexed, scan.BodiesScanned, verdicts.Count,
            bodies, scanTime, stopwatch.Elapsed - (scanTime - scan.Elapsed), scan.NotScanned, notFollowed);
        return new InliningReport(callee, verdicts, statistics);
    }

    /// <summary>
    /// Inlining is transitive: B may inline a small A that inlined the callee, and B's IL never names the callee.
    /// So the callers of small, inlinable candidates are decided too: B contains the callee when no call in its
    /// code reaches the callee or any wrapper between them. Returns how many wrappers were not followed.
    /// </summary>
    private int FollowWrappers(MethodBase callee, CandidateScan scan, List<CallerVerdict> verdicts, MachineCode code,
        ImageMappings mappings, CalleeAddresses addresses, ref TimeSpan scanTime, ref int bodies)
    {
        var seen = new HashSet<MethodBase>(scan.Callers.Select(candidate => candidate.Caller)) { callee };
        List<MethodBase> frontier = [.. scan.Callers.Select(candidate => candidate.Caller).Where(IsInlinableWrapper)];
        int notFollowed = 0;
        for (int depth = 0; depth < MaxWrapperDepth && frontier.Count > 0; depth++)
        {
            var next = new List<MethodBase>();
            notFollowed += Math.Max(0, frontier.Count - MaxWrappersPerLevel);
            foreach (MethodBase wrapper in frontier.Take(MaxWrappersPerLevel))
            {
                CandidateScan wrapperScan = _finder.Find(wrapper);
                scanTime += wrapperScan.Elapsed;
                AddressesOf(wrapper, wrapperScan, addresses);
                var decision = new CallerDecision(wrapper, code, mappings, addresses);
                foreach (CandidateCaller outer in wrapperScan.Callers.Where(outer => seen.Add(outer.Caller)))
                {
                    CallerVerdict verdict = DecideSafely(outer, decision);
                    verdicts.Add(verdict with { Detail = $"through {MethodDisplayName.Of(wrapper)}: {verdict.Detail}" });
                    if (IsInlinableWrapper(outer.Caller))
                    {
                        next.Add(outer.Caller);
                    }
                }

                bodies += decision.BodiesDisassembled;
            }

            frontier = next;
        }

        return notFollowed + frontier.Count;
    }

    private static bool IsInlinableWrapper(MethodBase method)
    {
        MethodImplAttributes flags = method.MethodImplementationFlags;
        if (flags.HasFlag(MethodImplAttributes.NoInlining) || method.IsAbstract)
        {
            return false;
        }

        try
        {
            return flags.HasFlag(MethodImplAttributes.AggressiveInlining)
                || method.GetMethodBody()?.GetILAsByteArray() is { Length: <= MaxWrapperIlBytes };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>One caller that cannot be analyzed (an odd type, unreadable code) becomes Unknown, never a failed patch.</summary>
    private CallerVerdict DecideSafely(CandidateCaller candidate, CallerDecision decision)
    {
        try
        {
            return Decide(candidate, decision);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new CallerVerdict(candidate.Caller, CallerState.Unknown, $"analysis failed: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private CallerVerdict Decide(CandidateCaller candidate, CallerDecision decision)
    {
        MethodBase caller = candidate.Caller;
        List<CodeRange> bodies = BodiesOf(caller);
        if (bodies.Count == 0)
        {
            // The registry sees only compiles made after the engine started; without a body from it, a generic
            // caller's instantiations compiled earlier have no entry point to walk: not seen is not "not compiled".
            if (caller.ContainsGenericParameters || caller.DeclaringType is { ContainsGenericParameters: true })
            {
                return new CallerVerdict(caller, CallerState.Unknown,
                    "generic caller: no compiled instantiation found (the compile registry sees only compiles after the engine started)");
            }

            if (caller.IsVirtual && !_precode.IsNotCompiledYet(caller))
            {
                return new CallerVerdict(caller, CallerState.Unknown, "virtual caller: its compiled code is not reachable from its entry point");
            }

            return new CallerVerdict(caller, CallerState.NotCompiled, "not compiled yet");
        }

        return decision.Decide(candidate, bodies);
    }

    private List<CodeRange> BodiesOf(MethodBase method)
    {
        var bodies = new List<CodeRange>();
        if (_registry is not null)
        {
            bodies.AddRange(_registry.BodiesOf(method));
        }

        // The registry only sees JIT compiles; ReadyToRun code and bodies compiled before it existed come from the precode.
        foreach (CodeRange body in _precode.BodiesOf(method))
        {
            if (!bodies.Any(known => known.Start == body.Start))
            {
                bodies.Add(body);
            }
        }

        return bodies;
    }

    private CalleeAddresses AddressesOf(MethodBase callee, CandidateScan scan, CalleeAddresses addresses)
    {
        IEnumerable<MethodBase> forms = scan.Callers
            .SelectMany(caller => caller.Targets)
            .Where(reference => !reference.ViaSlot)
            .Select(reference => reference.Target)
            .Append(callee)
            .Distinct();
        foreach (MethodBase form in forms)
        {
            if (_registry is not null)
            {
                _registry.BodiesOf(form).ToList().ForEach(addresses.AddBody);
                _registry.EntryAddressesOf(form).ToList().ForEach(addresses.AddEntry);
            }

            _precode.BodiesOf(form).ToList().ForEach(addresses.AddBody);
            _precode.EntryAddressesOf(form).ToList().ForEach(addresses.AddEntry);
        }

        return addresses;
    }

    private static bool IsOwnAssembly(Assembly assembly)
    {
        if (s_ownAssemblies.Contains(assembly.GetName().Name ?? ""))
        {
            return true;
        }

        // The agent's private load context holds its dependencies too: none of them is the user's code.
        AssemblyLoadContext? ours = AssemblyLoadContext.GetLoadContext(typeof(InlinedCallerAnalyzer).Assembly);
        return ours is not null && ours != AssemblyLoadContext.Default && AssemblyLoadContext.GetLoadContext(assembly) == ours;
    }
}
