using System.Reflection;
using Instr.Agent.Resolution;
using Instr.Shared;

namespace Instr.Agent.Services;

/// <summary>
/// INSTR_PATCH: patches named at process start, and again in every assembly loaded later (the AssemblyLoad event runs
/// before any code of the new assembly can run, so no call is missed there). Outcomes go to the agent log only: the
/// app's output is never touched.
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
                foreach (var method in resolver.Resolve(spec.Pattern, includeFramework: true))
                {
                    if (engine.Find(method.Method) is { IsActive: true })
                    {
                        continue;
                    }

                    var result = engine.Patch(method.Method, spec.Probe);
                    ServiceLog.Info(result.Succeeded
                        ? $"INSTR_PATCH patched {method.Name}"
                        : $"INSTR_PATCH skipped {method.Name}: {result.RefusalReason}");
                }
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
