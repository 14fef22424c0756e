using System.Text;
using CsCheck;

namespace Instr.IntegrationTests.Safety;

/// <summary>
/// Hostile patterns for the fuzz test: random bytes, random UTF-16 (lone surrogates included), control characters,
/// huge strings, deeply nested generics and parameter lists, wildcards and separators everywhere, and mutations of
/// patterns that do match (so part of the input reaches resolution and the engine, not only the parser).
/// </summary>
internal static class FuzzInputs
{
    private static readonly string[] Seeds =
    [
        "SampleTarget.Modules.ModuleA:FuncA1(int)",
        "SampleTarget.Modules.ModuleB:FuncB1(long, long)",
        "SampleTarget.Modules.*",
        "SampleTarget.Modules.Module?:Func*",
        "SampleTarget.Modules.ModuleC.ClassC1:*",
        "System.Numerics.BigInteger:Parse(string)",
    ];

    private const string Punctuation = "*?.:,()<>[]`+& \t\\/\"'";

    // Declared before Pattern, which uses it (static initializers run in order).
    /// <summary>One edit at a relative position: 0 insert, 1 delete, 2 replace.</summary>
    private static Gen<(int Kind, double At, char With)> Mutation { get; } =
        Gen.Select(Gen.Int[0, 2], Gen.Double[0, 1], Gen.OneOf(Gen.Char, Gen.OneOf(Punctuation.ToCharArray())));

    public static Gen<string> Pattern { get; } = Gen.Frequency(
        (3, Gen.Byte.Array[0, 300].Select(bytes => Encoding.UTF8.GetString(bytes))),
        (3, Gen.String[Gen.Char, 0, 200]),
        (2, Gen.String[Gen.Char['\0', '\u001f'], 0, 50]),
        (1, Gen.Select(Gen.Int[10_000, 300_000], Gen.OneOf(Gen.Const('*'), Gen.Const('?'), Gen.Const('A'), Gen.Const('<')), (n, c) => "SampleTarget." + new string(c, n))),
        (2, Gen.Int[1, 3000].Select(depth => "SampleTarget.Box`1<" + string.Concat(Enumerable.Repeat("List<", depth)) + "int" + new string('>', depth + 1) + ":Describe")),
        (2, Gen.Int[1, 3000].Select(depth => "SampleTarget.Modules.ModuleA:FuncA1(" + string.Concat(Enumerable.Repeat("int[", depth)) + new string(']', depth) + ")")),
        (4, Gen.String[Gen.OneOf(Gen.Char['A', 'z'], Gen.Char.AlphaNumeric, Gen.OneOf(Punctuation.ToCharArray())), 0, 60]),
        (8, Gen.Select(Gen.OneOf(Seeds), Gen.Int[0, 4].SelectMany(n => Mutation.Array[n]), Mutate)));

    private static string Mutate(string seed, (int Kind, double At, char With)[] edits)
    {
        var text = new StringBuilder(seed);
        foreach (var (kind, at, with) in edits)
        {
            var index = Math.Min(text.Length, (int)(at * text.Length));
            switch (kind)
            {
                case 0:
                    text.Insert(index, with);
                    break;
                case 1 when index < text.Length:
                    text.Remove(index, 1);
                    break;
                case 2 when index < text.Length:
                    text[index] = with;
                    break;
            }
        }

        return text.ToString();
    }
}
