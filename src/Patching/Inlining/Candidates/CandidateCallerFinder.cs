using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>
/// Finds the methods, in every loaded assembly, whose IL calls, constructs, or takes the address of a
/// callee (or calls a virtual/interface slot it fills). Each assembly file is opened once and kept (memory-mapped).
/// </summary>
internal sealed class CandidateCallerFinder
{
    private readonly ConditionalWeakTable<Assembly, ImageOrFailure> _images = new();
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

            if (!_images.TryGetValue(assembly, out ImageOrFailure? entry))
            {
                entry = ImageOrFailure.Open(assembly.Location);
                _images.AddOrUpdate(assembly, entry);
                indexed++;
            }

            if (entry.Image is not { } image)
            {
                notScanned.Add($"{assembly.GetName().Name}: {entry.Failure}");
                continue;
            }

            scanned++;
            bodies += image.BodyCount;
            CollectCallers(assembly.ManifestModule, image, identity, callers);
        }

        return new CandidateScan(callers, scanned, indexed, bodies, notScanned, stopwatch.Elapsed);
    }

    private static void CollectCallers(Module module, AssemblyImage image, CalleeIdentity identity, List<CandidateCaller> callers)
    {
        // Tokens that name the callee (or a slot it fills). Most resolve on their own: once per token.
        // A reference made inside generic code may need the caller's type parameters: resolved per site below.
        var resolved = new Dictionary<int, MethodBase>();
        var needsContext = new HashSet<int>();
        foreach (int token in image.TokensNamed(identity.Names, identity.TypeNames))
        {
            MethodBase? target = TryResolve(module, token, null, null);
            if (target is null)
            {
                needsContext.Add(token);
            }
            else if (identity.IsCallee(target) || identity.IsSlotOfCallee(target))
            {
                resolved.Add(token, target);
            }
        }

        if (resolved.Count == 0 && needsContext.Count == 0)
        {
            return;
        }

        var targets = new HashSet<int>(resolved.Keys);
        targets.UnionWith(needsContext);
        var byCaller = new Dictionary<int, List<CandidateReference>>();
        foreach ((int callerToken, IlCallSite site) in image.FindSites(targets))
        {
            MethodBase? target = resolved.GetValueOrDefault(site.Token) ?? ResolveWithCallerContext(module, site.Token, callerToken);
            if (target is null)
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

            references.Add(new CandidateReference(target, site.Kind, ViaSlot: !isCallee));
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

    /// <summary>Cache entry: an opened image, or why the assembly could not be opened (so it is not retried on every query).</summary>
    private sealed class ImageOrFailure
    {
        public AssemblyImage? Image { get; private init; }

        public string? Failure { get; private init; }

        public static ImageOrFailure Open(string path)
        {
            try
            {
                return new ImageOrFailure { Image = AssemblyImage.Open(path) };
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
            {
                return new ImageOrFailure { Failure = $"unreadable ({exception.GetType().Name}: {exception.Message})" };
            }
        }
    }
}
