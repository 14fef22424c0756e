using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Instr.Patching;

namespace Instr.Agent.Resolution;

/// <summary>
/// Builds a catalog from the assembly's own metadata (<c>TryGetRawMetadata</c>: the bytes the runtime already has
/// in memory, no file access). Type names are read eagerly (cheap); a type's methods and their signatures are
/// decoded on first use; a method's reflection object is made from its token only when it matches. Nothing here
/// loads a type, so listing the whole framework does not drag dozens of further assemblies in.
/// </summary>
internal static class MetadataCatalogBuilder
{
    /// <summary>Null when the assembly has no raw metadata (then reflection is used).</summary>
    public static MethodCatalog? TryBuild(Assembly assembly)
    {
        MetadataReader reader;
        unsafe
        {
            if (!assembly.TryGetRawMetadata(out var blob, out var length))
            {
                return null;
            }

            // The blob lives as long as the assembly; every closure below keeps the assembly (via its module) alive.
            reader = new MetadataReader(blob, length);
        }

        var module = assembly.ManifestModule;
        var names = TypeNames(reader);
        var provider = new SignatureNameProvider(reader, handle => names[handle]);
        var types = new List<CatalogType>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var definition = reader.GetTypeDefinition(handle);
            // Row 1 is <Module>: reflection lists no such type, but its methods (global functions, a module
            // initializer) are real and MethodNames names them <Module>:Name(...), so they are listed under that name.
            if (definition.GetMethods().Count == 0)
            {
                continue;
            }

            var typeName = names[handle];
            types.Add(new CatalogType(typeName, () => DecodeMethods(reader, provider, module, handle, typeName)));
        }

        types.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return new MethodCatalog(assembly.GetName().Name ?? string.Empty, types);
    }

    /// <summary>Every type definition's full name as reflection spells it (<c>Ns.Outer+Inner</c>, <c>Ns.Box`1</c>).</summary>
    private static Dictionary<TypeDefinitionHandle, string> TypeNames(MetadataReader reader)
    {
        var names = new Dictionary<TypeDefinitionHandle, string>(reader.TypeDefinitions.Count);
        string NameOf(TypeDefinitionHandle handle)
        {
            if (names.TryGetValue(handle, out var known))
            {
                return known;
            }

            var definition = reader.GetTypeDefinition(handle);
            var name = MetadataNames.Escape(reader.GetString(definition.Name));
            var declaring = definition.GetDeclaringType();
            var ns = reader.GetString(definition.Namespace);
            var full = !declaring.IsNil ? NameOf(declaring) + "+" + name : ns.Length == 0 ? name : MetadataNames.Escape(ns) + "." + name;
            names[handle] = full;
            return full;
        }

        foreach (var handle in reader.TypeDefinitions)
        {
            NameOf(handle);
        }

        return names;
    }

    private static CatalogMethod[] DecodeMethods(MetadataReader reader, SignatureNameProvider provider, Module module, TypeDefinitionHandle typeHandle, string typeName)
    {
        var type = reader.GetTypeDefinition(typeHandle);
        var typeParameters = GenericParameterNames(reader, type.GetGenericParameters());
        var handles = type.GetMethods();
        var methods = new CatalogMethod[handles.Count];
        var i = 0;
        foreach (var handle in handles)
        {
            var definition = reader.GetMethodDefinition(handle);
            var token = MetadataTokens.GetToken(handle);
            var methodParameters = GenericParameterNames(reader, definition.GetGenericParameters());
            var name = reader.GetString(definition.Name);
            methods[i++] = new CatalogMethod(
                name,
                methodParameters.Length,
                () => DecodeSignature(reader, provider, module, handle, typeName, name, new GenericNames(typeParameters, methodParameters)),
                () => ResolveToken(module, token));
        }

        return methods;
    }

    private static CatalogSignature? DecodeSignature(
        MetadataReader reader, SignatureNameProvider provider, Module module, MethodDefinitionHandle handle, string typeName, string name, GenericNames generics)
    {
        string[] parameters;
        try
        {
            parameters = [.. reader.GetMethodDefinition(handle).DecodeSignature(provider, generics).ParameterTypes];
        }
        catch (BadImageFormatException)
        {
            parameters = [SignatureNameProvider.Unsupported];
        }

        if (Array.Exists(parameters, p => p.Contains(SignatureNameProvider.Unsupported, StringComparison.Ordinal)))
        {
            // Rare shapes (a malformed signature, an unknown element type): let reflection spell them, or skip the method.
            return ResolveToken(module, MetadataTokens.GetToken(handle)) is { } method ? ReflectionCatalogBuilder.TryCreate(method)?.Signature : null;
        }

        return new CatalogSignature(parameters, MethodNames.Compose(typeName, name, generics.MethodParameters.Length, parameters));
    }

    private static MethodBase? ResolveToken(Module module, int token)
    {
        try
        {
            return AsDefinition(module.ResolveMethod(token));
        }
        catch (Exception e) when (ReflectionCatalogBuilder.IsLoadFailure(e) || e is ArgumentException)
        {
            return null;
        }
    }

    /// <summary>ResolveMethod may hand back a generic method (or a method of a generic type) "instantiated" over its
    /// own parameters for some methods (seen on CoreLib's Base64 helpers); a pattern always means the definition.</summary>
    private static MethodBase? AsDefinition(MethodBase? method)
    {
        if (method?.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } constructed)
        {
            method = constructed.GetGenericTypeDefinition().GetMemberWithSameMetadataDefinitionAs(method) as MethodBase;
        }

        return method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } info ? info.GetGenericMethodDefinition() : method;
    }

    private static string[] GenericParameterNames(MetadataReader reader, GenericParameterHandleCollection parameters)
    {
        if (parameters.Count == 0)
        {
            return [];
        }

        var names = new string[parameters.Count];
        var i = 0;
        foreach (var parameter in parameters)
        {
            names[i++] = reader.GetString(reader.GetGenericParameter(parameter).Name);
        }

        return names;
    }
}
