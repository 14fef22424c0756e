// The engine core (Engine/PatchEngine.cs, being split into smaller files) names PrefixAnalysis, the x64 detour
// prefix, without a using of its own: this makes the architecture folder's namespace visible there. New code names
// Instr.Patching.Platforms.X64 explicitly, so every file that depends on x64 says so.
global using Instr.Patching.Platforms.X64;
