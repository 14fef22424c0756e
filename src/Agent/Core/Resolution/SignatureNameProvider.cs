using System.Collections.Immutable;
using System.Reflection.Metadata;
using Instr.Patching;

namespace Instr.Agent.Resolution;

/// <summary>
/// Decodes metadata signatures straight into the spelling of <see cref="MethodNames"/> — without loading a
/// single type, which is what makes resolution over the whole framework fast (reflection's GetParameters loads
/// every parameter type, and with them dozens of assemblies). Custom modifiers are dropped, as reflection's
/// ParameterType drops them (so a function pointer's calling convention is left out, as MethodNames leaves it out).
/// A shape this provider cannot spell yields <see cref="Unsupported"/>, and the caller falls back to reflection for
/// that method.
/// </summary>
internal sealed class SignatureNameProvider(MetadataReader reader, Func<TypeDefinitionHandle, string> typeDefinitionName)
    : ISignatureTypeProvider<string, GenericNames>
{
    /// <summary>Marks a parameter type this provider does not spell (never a character of a real type name).</summary>
    public const string Unsupported = "\0";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => "System.Boolean",
        PrimitiveTypeCode.Byte => "System.Byte",
        PrimitiveTypeCode.SByte => "System.SByte",
        PrimitiveTypeCode.Char => "System.Char",
        PrimitiveTypeCode.Int16 => "System.Int16",
        PrimitiveTypeCode.UInt16 => "System.UInt16",
        PrimitiveTypeCode.Int32 => "System.Int32",
        PrimitiveTypeCode.UInt32 => "System.UInt32",
        PrimitiveTypeCode.Int64 => "System.Int64",
        PrimitiveTypeCode.UInt64 => "System.UInt64",
        PrimitiveTypeCode.Single => "System.Single",
        PrimitiveTypeCode.Double => "System.Double",
        PrimitiveTypeCode.IntPtr => "System.IntPtr",
        PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
        PrimitiveTypeCode.Object => "System.Object",
        PrimitiveTypeCode.String => "System.String",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        PrimitiveTypeCode.Void => "System.Void",
        _ => Unsupported,
    };

    public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => typeDefinitionName(handle);

    public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var reference = reader.GetTypeReference(handle);
        var name = MetadataNames.Escape(reader.GetString(reference.Name));
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return GetTypeFromReference(metadata, (TypeReferenceHandle)reference.ResolutionScope, rawTypeKind) + "+" + name;
        }

        var ns = reader.GetString(reference.Namespace);
        return ns.Length == 0 ? name : MetadataNames.Escape(ns) + "." + name;
    }

    public string GetTypeFromSpecification(MetadataReader metadata, GenericNames genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) =>
        elementType + (shape.Rank == 1 ? "[*]" : "[" + new string(',', shape.Rank - 1) + "]");

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
        genericType + "[" + string.Join(',', typeArguments) + "]";

    public string GetGenericTypeParameter(GenericNames genericContext, int index) =>
        index < genericContext.TypeParameters.Length ? genericContext.TypeParameters[index] : Unsupported;

    public string GetGenericMethodParameter(GenericNames genericContext, int index) =>
        index < genericContext.MethodParameters.Length ? genericContext.MethodParameters[index] : Unsupported;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    public string GetFunctionPointerType(MethodSignature<string> signature) =>
        MethodNames.FunctionPointerPrefix + string.Join(',', signature.ParameterTypes.Append(signature.ReturnType)) + ">";
}

/// <summary>The names of the generic parameters in scope (the type's, then the method's).</summary>
internal readonly record struct GenericNames(string[] TypeParameters, string[] MethodParameters);
