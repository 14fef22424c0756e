using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>
/// Finds the methods, in every loaded assembly, whose IL calls, constructs, or takes the address of a
/// callee (or calls a virtual/interface slot it fills). Each assembly is indexed once and cached.
/// </summary>
internal sealed class CandidateCallerFinder
{
    private readonly ConditionalWeakTable<Assembly, IndexOrFailure> _indexes = new();
    private readonly Func<Assembly, bool> _skip;

    /// <param name="skip">Assemblies never searched (by default: the engine and agent themselves).</param>
    public CandidateCallerFinder(Func<Assembly, bool> skip)
    {
        _skip = skip;
    }

    public CandidateScan Find(MethodBase callee)
    {
        var stopwatch = Stopwatch.StartNew();
        var identity = new CalleeIdentity(callee);
        var callers = new List<CandidateCaller>();
        var notScanned = new List<string>();
        int scanned = 0;
        int indexed = 0;
        int bodies = 0;
        foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (_skip(assembly))
            {
                continue;
            }

            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
            {
                notScanned.Add($"{assembly.GetName().Name}: {(assembly.IsDynamic ? "dynamic" : "loaded from memory, no file")}");
                continue;
            }

            if (!_indexes.TryGetValue(assembly, out IndexOrFailure? entry))
            {
                entry = IndexOrFailure.Build(assembly.Location);
                _indexes.AddOrUpdate(assembly, entry);
                indexed++;
            }

            if (entry.Index is not { } index)
            {
                notScanned.Add($"{assembly.GetName().Name}: {entry.Failure}");
                continue;
            }

            scanned++;
            bodies += index.BodyCount;
            CollectCallers(assembly.ManifestModule, index, identity, callers);
        }

        return new CandidateScan(callers, scanned, indexed, bodies, notScanned, stopwatch.Elapsed);
    }

    private static void CollectCallers(Module module, AssemblyCallIndex index, CalleeIdentity identity, List<CandidateCaller> callers)
    {
        var byCaller = new Dictionary<int, List<CandidateReference>>();
        foreach (string name in identity.Names)
        {
            if (index.ReferencesNamed(name) is not { } tokens)
            {
                continue;
            }

            foreach ((int token, List<(int CallerToken, IlCallKind Kind)> sites) in tokens)
            {
                // Most tokens resolve on their own: once per token, not once per call site.
                MethodBase? contextFree = TryResolve(module, token, null, null);
                if (contextFree is not null && !identity.IsCallee(contextFree) && !identity.IsSlotOfCallee(contextFree))
                {
                    continue;
                }

                foreach ((int callerToken, IlCallKind kind) in sites)
                {
                    if ((contextFree ?? ResolveWithCallerContext(module, token, callerToken)) is not { } target)
                    {
                        continue;
                    }

                    bool isCallee = identity.IsCallee(target);
                    if (!isCallee && !identity.IsSlotOfCallee(target))
                    {
                        continue;
                    }

                    if (!byCaller.TryGetValue(callerToken, out var references))
                    {
                        references = [];
                        byCaller.Add(callerToken, references);
                    }

                    references.Add(new CandidateReference(target, kind, ViaSlot: !isCallee));
                }
            }
        }

        foreach ((int callerToken, List<CandidateReference> references) in byCaller)
        {
            if (TryResolve(module, callerToken, null, null) is { } caller)
            {
                callers.Add(new CandidateCaller(caller, references));
            }
        }
    }

    /// <summary>Resolves a reference made inside generic code, which needs the caller's own type parameters.</summary>
    private static MethodBase? ResolveWithCallerContext(Module module, int token, int callerToken)
    {
        if (TryResolve(module, callerToken, null, null) is not { } caller)
        {
            return null;
        }

        Type[]? typeArguments = caller.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = caller.IsGenericMethod ? caller.GetGenericArguments() : null;
        return TryResolve(module, token, typeArguments, methodArguments);
    }

    private static MethodBase? TryResolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (Exception exception) when (exception is ArgumentException or BadImageFormatException or TypeLoadException
            or FileNotFoundException or FileLoadException or MissingMemberException)
        {
            // A reference we cannot resolve (missing dependency, open generic context) cannot name a loaded callee.
            return null;
        }
    }

    /// <summary>Cache entry: an index, or why the assembly could not be indexed (so it is not retried on every query).</summary>
    private sealed class IndexOrFailure
    {
        public AssemblyCallIndex? Index { get; private init; }

        public string? Failure { get; private init; }

        public static IndexOrFailure Build(string path)
        {
            try
            {
                return new IndexOrFailure { Index = AssemblyCallIndex.Build(path) };
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
            {
                return new IndexOrFailure { Failure = $"unreadable ({exception.GetType().Name}: {exception.Message})" };
            }
        }
    }
}
