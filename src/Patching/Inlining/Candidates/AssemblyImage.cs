using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Instr.Patching.Inlining.Candidates;

/// <summary>
/// One assembly file opened for IL reading (memory-mapped, kept open while the assembly is loaded), and the
/// search of its IL for references to a given set of method tokens. Raw bytes only, no reflection: the
/// whole scan over every loaded assembly costs milliseconds per query.
/// </summary>
internal sealed unsafe class AssemblyImage
{
    private const byte TinyHeaderFormat = 0x2;
    private const byte FatHeaderFormat = 0x3;

    private readonly PEReader _pe;
    private readonly byte* _image;
    private readonly int _imageLength;
    private readonly SectionHeader[] _sections;
    private CallSiteTable? _sites;
    private NameTable? _names;

    private AssemblyImage(PEReader pe)
    {
        _pe = pe;
        Metadata = pe.GetMetadataReader();
        PEMemoryBlock image = pe.GetEntireImage();
        _image = image.Pointer;
        _imageLength = image.Length;
        _sections = [.. pe.PEHeaders.SectionHeaders];
        BodyCount = Metadata.MethodDefinitions.Count(handle => Metadata.GetMethodDefinition(handle).RelativeVirtualAddress != 0);
    }

    public MetadataReader Metadata { get; }

    /// <summary>Methods with an IL body.</summary>
    public int BodyCount { get; }

    public static AssemblyImage Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            // The reader owns the stream from here on (it maps the file on first use).
            return new AssemblyImage(new PEReader(stream));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// MethodDef, MemberRef and MethodSpec tokens whose member is named one of <paramref name="names"/>
    /// (a MethodSpec by the name of the method it instantiates).
    /// </summary>
    /// <param name="names">Simple method names.</param>
    /// <param name="typeNames">Simple names of the types that may declare them: a token whose declaring type is known
    /// by name (MethodDef, MemberRef on a TypeRef/TypeDef) and not among these is skipped without resolving it.</param>
    public HashSet<int> TokensNamed(IReadOnlySet<string> names, IReadOnlySet<string> typeNames)
    {
        NameTable table = Names();
        var tokens = new HashSet<int>();
        foreach (string name in names)
        {
            if (table.ByName.TryGetValue(name, out List<(int Token, string? TypeName)>? named))
            {
                foreach ((int token, string? typeName) in named)
                {
                    if (typeName is not null && !typeNames.Contains(typeName))
                    {
                        continue;
                    }

                    tokens.Add(token);
                    if (table.SpecsByMethod.TryGetValue(token, out List<int>? specifications))
                    {
                        tokens.UnionWith(specifications);
                    }
                }
            }
        }

        return tokens;
    }

    /// <summary>Method tokens by simple name, decoded once per assembly (wrapper searches ask many names).</summary>
    private NameTable Names()
    {
        if (Volatile.Read(ref _names) is { } known)
        {
            return known;
        }

        var byName = new Dictionary<string, List<(int, string?)>>(StringComparer.Ordinal);
        void Add(StringHandle name, int token, string? typeName)
        {
            string text = Metadata.GetString(name);
            if (!byName.TryGetValue(text, out List<(int, string?)>? tokens))
            {
                tokens = [];
                byName.Add(text, tokens);
            }

            tokens.Add((token, typeName));
        }

        foreach (MethodDefinitionHandle handle in Metadata.MethodDefinitions)
        {
            MethodDefinition definition = Metadata.GetMethodDefinition(handle);
            Add(definition.Name, MetadataTokens.GetToken(handle), Metadata.GetString(Metadata.GetTypeDefinition(definition.GetDeclaringType()).Name));
        }

        foreach (MemberReferenceHandle handle in Metadata.MemberReferences)
        {
            MemberReference reference = Metadata.GetMemberReference(handle);
            if (reference.GetKind() == MemberReferenceKind.Method)
            {
                Add(reference.Name, MetadataTokens.GetToken(handle), ParentTypeName(reference.Parent));
            }
        }

        var specsByMethod = new Dictionary<int, List<int>>();
        int specifications = Metadata.GetTableRowCount(TableIndex.MethodSpec);
        for (int row = 1; row <= specifications; row++)
        {
            MethodSpecificationHandle handle = MetadataTokens.MethodSpecificationHandle(row);
            int method = MetadataTokens.GetToken(Metadata.GetMethodSpecification(handle).Method);
            if (!specsByMethod.TryGetValue(method, out List<int>? list))
            {
                list = [];
                specsByMethod.Add(method, list);
            }

            list.Add(MetadataTokens.GetToken(handle));
        }

        var table = new NameTable(byName, specsByMethod);
        Interlocked.CompareExchange(ref _names, table, null);
        return _names!;
    }

    /// <summary>Every (caller token, site) whose site token is in <paramref name="targets"/>.</summary>
    public List<(int CallerToken, IlCallSite Site)> FindSites(IReadOnlySet<int> targets)
    {
        CallSiteTable table = Sites();
        var found = new List<(int, IlCallSite)>();
        for (int i = 0; i < table.Tokens.Length; i++)
        {
            if (targets.Contains(table.Tokens[i]))
            {
                int packed = table.Callers[i];
                int callerToken = MetadataTokens.GetToken(MetadataTokens.MethodDefinitionHandle(packed & CallSiteTable.RowMask));
                found.Add((callerToken, new IlCallSite(table.Tokens[i], (IlCallKind)(packed >>> CallSiteTable.KindShift))));
            }
        }

        return found;
    }

    /// <summary>Bodies whose IL could not be walked to the end (their call sites are unknown).</summary>
    public int UnreadableBodyCount => Sites().UnreadableBodies;

    /// <summary>
    /// Every call site of the assembly, walked once (a few µs per body) and kept as two int arrays, so that
    /// later queries on the same assembly cost a linear scan of integers.
    /// </summary>
    private CallSiteTable Sites()
    {
        if (Volatile.Read(ref _sites) is { } known)
        {
            return known;
        }

        var tokens = new List<int>();
        var callers = new List<int>();
        var sites = new List<IlCallSite>();
        var seenInBody = new HashSet<IlCallSite>();
        int unreadable = 0;
        foreach (MethodDefinitionHandle handle in Metadata.MethodDefinitions)
        {
            int rva = Metadata.GetMethodDefinition(handle).RelativeVirtualAddress;
            if (rva == 0)
            {
                continue;
            }

            sites.Clear();
            seenInBody.Clear();
            if (!TryReadSites(rva, sites))
            {
                unreadable++;
            }

            int row = MetadataTokens.GetRowNumber(handle);
            foreach (IlCallSite site in sites)
            {
                if (seenInBody.Add(site))
                {
                    tokens.Add(site.Token);
                    callers.Add(row | ((int)site.Kind << CallSiteTable.KindShift));
                }
            }
        }

        var table = new CallSiteTable([.. tokens], [.. callers], unreadable);
        Interlocked.CompareExchange(ref _sites, table, null);
        return _sites!;
    }

    /// <summary>
    /// Reads the IL of the body at <paramref name="rva"/> straight from the mapped file (tiny or fat method
    /// header, ECMA-335 II.25.4): no per-body allocation, which is most of the cost of a full scan.
    /// </summary>
    private bool TryReadSites(int rva, List<IlCallSite> sites)
    {
        if (OffsetOf(rva) is not { } offset || offset >= _imageLength)
        {
            return false;
        }

        byte* header = _image + offset;
        int available = _imageLength - offset;
        int codeOffset;
        int codeSize;
        switch (header[0] & 0x3)
        {
            case TinyHeaderFormat:
                codeOffset = 1;
                codeSize = header[0] >> 2;
                break;
            case FatHeaderFormat when available >= 12:
                codeOffset = (header[1] >> 4) * 4;
                codeSize = *(int*)(header + 4);
                break;
            default:
                return false;
        }

        if (codeSize < 0 || codeOffset + (long)codeSize > available)
        {
            return false;
        }

        return IlCallSiteReader.TryRead(new BlobReader(header + codeOffset, codeSize), sites);
    }

    /// <summary>File offset of an RVA (the file is read as laid out on disk, not as loaded).</summary>
    private int? OffsetOf(int rva)
    {
        foreach (SectionHeader section in _sections)
        {
            if (rva >= section.VirtualAddress && rva < section.VirtualAddress + Math.Max(section.VirtualSize, section.SizeOfRawData))
            {
                return rva - section.VirtualAddress + section.PointerToRawData;
            }
        }

        return null;
    }

    /// <summary>All call sites: referenced token, and the caller's MethodDef row with the call kind in the top bits.</summary>
    private sealed record CallSiteTable(int[] Tokens, int[] Callers, int UnreadableBodies)
    {
        public const int KindShift = 28;
        public const int RowMask = (1 << KindShift) - 1;
    }

    /// <summary>The simple name of a MemberRef's parent when it is a plain type; null (unknown: resolve it) for TypeSpecs and others.</summary>
    private string? ParentTypeName(EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => Metadata.GetString(Metadata.GetTypeReference((TypeReferenceHandle)parent).Name),
        HandleKind.TypeDefinition => Metadata.GetString(Metadata.GetTypeDefinition((TypeDefinitionHandle)parent).Name),
        _ => null,
    };

    /// <summary>Method tokens by name (with their declaring type's simple name when known), and the MethodSpecs instantiating each method token.</summary>
    private sealed record NameTable(Dictionary<string, List<(int Token, string? TypeName)>> ByName, Dictionary<int, List<int>> SpecsByMethod);
}
