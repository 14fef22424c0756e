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
/// reaching it means its code was inlined there. A pure analysis: it changes nothing in the running app.
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

    /// <summary>Decides, for every loaded method whose IL references <paramref name="callee"/>, whether its compiled code inlined it.</summary>
    public InliningReport Analyze(MethodBase callee)
    {
        ArgumentNullException.ThrowIfNull(callee);
        CandidateScan scan = _finder.Find(callee);
        var stopwatch = Stopwatch.StartNew();
        using var memory = new ProcessMemory();
        var code = new MachineCode(memory);
        var decision = new CallerDecision(callee, code, ImageMappings.ReadCurrent(), AddressesOf(callee, scan));
        var verdicts = new List<CallerVerdict>(scan.Callers.Count);
        foreach (CandidateCaller candidate in scan.Callers)
        {
            verdicts.Add(DecideSafely(candidate, decision));
        }

        var statistics = new InliningScanStatistics(
            scan.AssembliesScanned, scan.AssembliesIndexed, scan.BodiesScanned, scan.Callers.Count,
            decision.BodiesDisassembled, scan.Elapsed, stopwatch.Elapsed, scan.NotScanned);
        return new InliningReport(callee, verdicts, statistics);
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

    private CalleeAddresses AddressesOf(MethodBase callee, CandidateScan scan)
    {
        var addresses = new CalleeAddresses();
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
