namespace Instr.Patching.Inlining;

/// <summary>What an already-loaded caller does with the callee, as far as its compiled code shows.</summary>
public enum CallerState
{
    /// <summary>Compiled, and no call in its code reaches the callee: the callee's code is inlined (its calls are not counted).</summary>
    Inlined,

    /// <summary>Compiled, and it calls the callee (or dispatches to it at run time): calls are counted.</summary>
    Calls,

    /// <summary>Not compiled yet: when it is, the engine's inlining refusal applies.</summary>
    NotCompiled,

    /// <summary>Could not be decided; <see cref="CallerVerdict.Detail"/> says why.</summary>
    Unknown,
}
