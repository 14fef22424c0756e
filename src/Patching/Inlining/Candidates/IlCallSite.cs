namespace Instr.Patching.Inlining.Candidates;

/// <summary>How an IL instruction names a method.</summary>
internal enum IlCallKind : byte
{
    /// <summary><c>call</c>: a direct call (inlinable).</summary>
    Call,

    /// <summary><c>callvirt</c>: dispatch through a slot (inlinable after devirtualization, guarded or exact).</summary>
    CallVirt,

    /// <summary><c>newobj</c>: a constructor call (inlinable).</summary>
    NewObj,

    /// <summary><c>ldftn</c> / <c>ldvirtftn</c>: the method's address is taken (later delegate calls may be devirtualized).</summary>
    LoadFunction,
}

/// <summary>One method reference found in a caller's IL: the metadata token and how it is used.</summary>
internal readonly record struct IlCallSite(int Token, IlCallKind Kind);
