using System.Globalization;
using System.Reflection;
using Instr.Agent.Audit;
using Instr.Agent.Resolution;
using Instr.Shared;

namespace Instr.Agent.Services;

/// <summary>
/// INSTR_PATCH: patches named at process start, and again in every assembly loaded later (the AssemblyLoad event runs
/// before any code of the new assembly can run, so no call is missed there). Outcomes go to the agent log and the audit
/// trail (as patches by the process's own uid, which set the variable): the app's output is never touched.
/// </summary>
internal static class StartupPatches
{
    [ThreadStatic]
    private static bool t_inside;

    private static int s_started;

    /// <summary>Applies INSTR_PATCH once per process (later calls do nothing).</summary>
    public static void ApplyOnce(EngineAccess engine)
    {
        var specs = StartupPatchSpec.Parse(Environment.GetEnvironmentVariable(InstrEnvironment.Patch));
        if (specs.Count == 0 || Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.AssemblyLoad += (_, args) => Apply(engine, specs, () => [args.LoadedAssembly]);
        Apply(engine, specs, () => AppDomain.CurrentDomain.GetAssemblies());
    }

    private static void Apply(EngineAccess engineAccess, IReadOnlyList<StartupPatchSpec> specs, Func<IEnumerable<Assembly>> assemblies)
    {
        // Patching may load assemblies itself (the engine's own dependencies): never recurse into ourselves.
        if (t_inside)
        {
            return;
        }

        t_inside = true;
        try
        {
            var engine = engineAccess.TryGet(out var unavailable);
            if (engine is null)
            {
                ServiceLog.Info($"INSTR_PATCH ignored: {unavailable}");
                return;
            }

            var resolver = new MethodResolver(assemblies);
            foreach (var spec in specs)
            {
                var methods = resolver.Resolve(spec.Pattern, includeFramework: true)
                    .Where(m => engine.Find(m.Method) is not { IsActive: true })
                    .ToList();
                if (methods.Count == 0)
                {
                    continue;
                }

                // One engine call per pattern: the install pause is taken once, not once per method, and this may
                // run on the app's startup thread before Main.
                var results = engine.PatchAll(methods.Select(m => m.Method), spec.Probe);
                var patched = new List<string>();
                for (var i = 0; i < methods.Count; i++)
                {
                    if (results[i].Succeeded)
                    {
                        patched.Add(methods[i].Name);
                    }

                    ServiceLog.Info(results[i].Succeeded
                        ? $"INSTR_PATCH patched {methods[i].Name}"
                        : $"INSTR_PATCH skipped {methods[i].Name}: {results[i].RefusalReason}");
                }

                AuditTrail.Process.Record(AgentSocketPaths.CurrentUid(), AuditActions.Patch, spec.Pattern, patched,
                    string.Create(CultureInfo.InvariantCulture, $"{patched.Count} patched, {methods.Count - patched.Count} skipped (INSTR_PATCH)"));
            }
        }
        catch (Exception error)
        {
            // A bad pattern or an engine failure must not take the app down at startup.
            ServiceLog.Error("INSTR_PATCH failed", error);
        }
        finally
        {
            t_inside = false;
        }
    }
}
