namespace Instr.Agent.Resolution;

/// <summary>Type names read from metadata, spelled as reflection's <c>Type.FullName</c> spells them.</summary>
internal static class MetadataNames
{
    private static readonly char[] s_escaped = ['\\', '+', ',', '[', ']', '*', '&'];

    /// <summary>Reflection escapes the characters that have a meaning in type-name syntax with a backslash.</summary>
    public static string Escape(string name)
    {
        if (name.IndexOfAny(s_escaped) < 0)
        {
            return name;
        }

        var escaped = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (Array.IndexOf(s_escaped, c) >= 0)
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
