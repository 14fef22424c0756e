namespace Instr.Shared;

/// <summary>
/// The CoreCLR versions instr serves, each identified by its JIT-EE interface version: the GUID the JIT and the
/// runtime agree on, fixed for a release and all its servicing updates, new for every release (and for any change
/// of the JIT/runtime interface). One list for both sides: the engine keys its per-runtime facts by it, and the CLI
/// refuses to attach to a runtime whose JIT carries none of these (it reads the GUID from the JIT's file, so
/// nothing is sent to a process it cannot serve).
/// </summary>
internal static class ServedRuntimes
{
    public static readonly ServedRuntime Net8 = new(8, new Guid("4bceb905-d550-4a5d-b1eb-276fff68d183"));
    public static readonly ServedRuntime Net9 = new(9, new Guid("d6218a78-9a34-4c6f-8db5-077a06022fae"));
    public static readonly ServedRuntime Net10 = new(10, new Guid("7a8cbc56-9e19-4321-80b9-a0d2c578c945"));

    public static IReadOnlyList<ServedRuntime> All { get; } = [Net8, Net9, Net10];

    /// <summary>".NET 8, 9, 10" for messages.</summary>
    public static string Names => ".NET " + string.Join(", ", All.Select(r => r.Major));
}

/// <summary>One served runtime line: its major version and JIT-EE interface version.</summary>
internal sealed record ServedRuntime(int Major, Guid JitEeVersion);
