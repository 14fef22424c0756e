namespace Instr.Agent.Resolution;

/// <summary>C# type keywords accepted in parameter patterns, mapped to the CLR full names of canonical names.
/// A word that is not listed here is taken as a type name as written (so an unknown "keyword" simply matches
/// nothing rather than being an error).</summary>
internal static class TypeKeywords
{
    private static readonly Dictionary<string, string> s_fullNames = new(StringComparer.Ordinal)
    {
        ["bool"] = "System.Boolean",
        ["byte"] = "System.Byte",
        ["sbyte"] = "System.SByte",
        ["char"] = "System.Char",
        ["short"] = "System.Int16",
        ["ushort"] = "System.UInt16",
        ["int"] = "System.Int32",
        ["uint"] = "System.UInt32",
        ["long"] = "System.Int64",
        ["ulong"] = "System.UInt64",
        ["nint"] = "System.IntPtr",
        ["nuint"] = "System.UIntPtr",
        ["float"] = "System.Single",
        ["double"] = "System.Double",
        ["decimal"] = "System.Decimal",
        ["object"] = "System.Object",
        ["dynamic"] = "System.Object",
        ["string"] = "System.String",
        ["void"] = "System.Void",
    };

    /// <summary>Keywords whose CLR type is a reference type: <c>string?</c> is only an annotation, not Nullable.</summary>
    private static readonly HashSet<string> s_referenceTypes = new(StringComparer.Ordinal) { "object", "dynamic", "string" };

    public static bool TryGetFullName(string keyword, out string fullName) =>
        s_fullNames.TryGetValue(keyword, out fullName!);

    public static bool IsReferenceType(string keyword) => s_referenceTypes.Contains(keyword);
}
