using Instr.Agent.Resolution;
using ResolverTargets;

namespace Instr.Agent.Tests.Resolution;

/// <summary>A resolver over the test assembly only (its ResolverTargets types are the targets), plus helpers.</summary>
internal static class ResolverFixture
{
    public static MethodResolver OverTargets() => new(() => [typeof(Calculator).Assembly]);

    /// <summary>Canonical names matched by <paramref name="pattern"/> among the target types.</summary>
    public static string[] Names(string? pattern) =>
        [.. OverTargets().Resolve(pattern).Select(m => m.Name).Where(n => n.StartsWith("ResolverTargets.", StringComparison.Ordinal))];
}
