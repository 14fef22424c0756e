using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>
/// Every method reference in one assembly's IL, grouped by the referenced member's simple name:
/// name → (token → callers). Built once per assembly from the file with System.Reflection.Metadata,
/// so a later query costs a dictionary lookup plus reflection on the few tokens whose name matches.
/// </summary>
internal sealed class AssemblyCallIndex
{
    private readonly Dictionary<string, Dictionary<int, List<(int CallerToken, IlCallKind Kind)>>> _byName;

    private AssemblyCallIndex(
        Dictionary<string, Dictionary<int, List<(int CallerToken, IlCallKind Kind)>>> byName,
        int bodyCount,
        int unreadableBodyCount)
    {
        _byName = byName;
        BodyCount = bodyCount;
        UnreadableBodyCount = unreadableBodyCount;
    }

    /// <summary>Method bodies walked.</summary>
    public int BodyCount { get; }

    /// <summary>Bodies whose IL could not be walked to the end (their call sites are unknown).</summary>
    public int UnreadableBodyCount { get; }

    /// <summary>Tokens (in this assembly's metadata) of members named <paramref name="name"/>, each with its callers.</summary>
    public IReadOnlyDictionary<int, List<(int CallerToken, IlCallKind Kind)>>? ReferencesNamed(string name) =>
        _byName.GetValueOrDefault(name);

    public static AssemblyCallIndex Build(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();
        var names = new Dictionary<int, string>();
        var byName = new Dictionary<string, Dictionary<int, List<(int, IlCallKind)>>>(StringComparer.Ordinal);
        var sites = new List<IlCallSite>();
        int bodies = 0;
        int unreadable = 0;
        foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
        {
            MethodDefinition definition = metadata.GetMethodDefinition(handle);
            if (definition.RelativeVirtualAddress == 0)
            {
                continue;
            }

            bodies++;
            sites.Clear();
            if (!TryReadSites(pe, definition.RelativeVirtualAddress, sites))
            {
                unreadable++;
            }

            int callerToken = MetadataTokens.GetToken(handle);
            foreach (IlCallSite site in sites)
            {
                string? name = NameOf(metadata, site.Token, names);
                if (name is null)
                {
                    continue;
                }

                if (!byName.TryGetValue(name, out var tokens))
                {
                    tokens = [];
                    byName.Add(name, tokens);
                }

                if (!tokens.TryGetValue(site.Token, out var callers))
                {
                    callers = [];
                    tokens.Add(site.Token, callers);
                }

                if (!callers.Contains((callerToken, site.Kind)))
                {
                    callers.Add((callerToken, site.Kind));
                }
            }
        }

        return new AssemblyCallIndex(byName, bodies, unreadable);
    }

    private static bool TryReadSites(PEReader pe, int rva, List<IlCallSite> sites)
    {
        try
        {
            MethodBodyBlock body = pe.GetMethodBody(rva);
            return IlCallSiteReader.TryRead(body.GetILReader(), sites);
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The simple name of a MethodDef, MemberRef or MethodSpec token (memoized); null for other tokens.</summary>
    private static string? NameOf(MetadataReader metadata, int token, Dictionary<int, string> names)
    {
        if (names.TryGetValue(token, out string? known))
        {
            return known;
        }

        string? name;
        try
        {
            name = NameOf(metadata, MetadataTokens.EntityHandle(token));
        }
        catch (BadImageFormatException)
        {
            name = null;
        }

        if (name is not null)
        {
            names.Add(token, name);
        }

        return name;
    }

    private static string? NameOf(MetadataReader metadata, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.MethodDefinition => metadata.GetString(metadata.GetMethodDefinition((MethodDefinitionHandle)handle).Name),
        HandleKind.MemberReference => metadata.GetString(metadata.GetMemberReference((MemberReferenceHandle)handle).Name),
        HandleKind.MethodSpecification => NameOf(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
        _ => null,
    };
}
