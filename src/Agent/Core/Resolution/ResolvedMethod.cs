using System.Reflection;

namespace Instr.Agent.Resolution;

/// <summary>A method found by a name or pattern.</summary>
/// <param name="Method">The method; for a generic definition it stands for every instantiation.</param>
/// <param name="Name">Canonical name, e.g. <c>SampleTarget.Modules.ModuleA:FuncA1(System.Int32)</c>.</param>
/// <param name="Assembly">Simple name of the declaring assembly.</param>
internal sealed record ResolvedMethod(MethodBase Method, string Name, string Assembly);
