using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PaperBot.Tests.Architecture;

/// <summary>
/// Which part of the application uses which, read from the compiled assembly rather than from
/// <c>using</c> directives: every type a type names in its base types, interfaces, field, property and method
/// signatures, local variables, attributes, generic constraints and the tokens of its IL (calls, field loads,
/// <c>typeof</c>, casts). A namespace-qualified reference such as <c>Hosting.Observability.PaperBotMetrics</c>
/// compiles to the same tokens as one brought in by a <c>using</c>, so it is counted alike.
/// A part is the first namespace segment under <c>PaperBot</c> (<c>PaperBot.Digest.Posting</c> is <c>Digest</c>);
/// types in <c>PaperBot.Discord</c> (the protocol assembly) count as the part <c>Discord</c>.
/// </summary>
internal sealed class AssemblyDependencies
{
    private const string Root = "PaperBot";
    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private readonly Dictionary<(string From, string To), string> edges = [];

    private AssemblyDependencies()
    {
    }

    /// <summary>Each edge between two different parts, with one example (<c>Type -> Type</c>) that makes it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges => edges;

    public static AssemblyDependencies Read(string assemblyPath)
    {
        var result = new AssemblyDependencies();
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var scan = new TypeScan(reader);
        foreach (var handle in reader.TypeDefinitions)
        {
            var source = scan.OutermostName(handle);
            var fromPart = PartOf(source.Namespace, source.Name);
            if (fromPart is null)
            {
                continue;
            }

            var referenced = new HashSet<(string Namespace, string Name)>();
            scan.Collect(handle, pe, referenced);
            foreach (var target in referenced)
            {
                var toPart = PartOf(target.Namespace, target.Name);
                if (toPart is not null && toPart != fromPart)
                {
                    result.edges.TryAdd((fromPart, toPart), $"{source.Namespace}.{source.Name} -> {target.Namespace}.{target.Name}");
                }
            }
        }

        return result;
    }

    /// <summary><c>PaperBot.Digest.Posting</c> → <c>Digest</c>; <c>PaperBot.Discord.Models</c> → <c>Discord</c>; the global
    /// namespace's <c>Program</c> (top-level statements) → <c>Program</c>; anything else (the framework, types the
    /// compiler generates such as <c>&lt;PrivateImplementationDetails&gt;</c>) → null.</summary>
    public static string? PartOf(string ns, string typeName)
    {
        if (ns.Length == 0)
        {
            return typeName == "Program" ? "Program" : null;
        }

        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private sealed class TypeScan(MetadataReader reader) : ISignatureTypeProvider<object?, object?>
    {
        private HashSet<(string Namespace, string Name)> sink = [];

        public (string Namespace, string Name) OutermostName(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            while (type.IsNested)
            {
                type = reader.GetTypeDefinition(type.GetDeclaringType());
            }

            return (reader.GetString(type.Namespace), reader.GetString(type.Name));
        }

        public void Collect(TypeDefinitionHandle handle, PEReader pe, HashSet<(string Namespace, string Name)> into)
        {
            sink = into;
            var type = reader.GetTypeDefinition(handle);
            if (!type.BaseType.IsNil)
            {
                Entity(type.BaseType);
            }

            foreach (var i in type.GetInterfaceImplementations())
            {
                Entity(reader.GetInterfaceImplementation(i).Interface);
            }

            Attributes(type.GetCustomAttributes());
            GenericParameters(type.GetGenericParameters());
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                field.DecodeSignature(this, null);
                Attributes(field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(p);
                property.DecodeSignature(this, null);
                Attributes(property.GetCustomAttributes());
            }

            foreach (var m in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(m);
                method.DecodeSignature(this, null);
                Attributes(method.GetCustomAttributes());
                GenericParameters(method.GetGenericParameters());
                foreach (var p in method.GetParameters())
                {
                    Attributes(reader.GetParameter(p).GetCustomAttributes());
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    Body(pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }
        }

        private void Body(MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
            {
                var locals = reader.GetStandaloneSignature(body.LocalSignature);
                if (locals.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    locals.DecodeLocalSignature(this, null);
                }
            }

            foreach (var region in body.ExceptionRegions)
            {
                if (!region.CatchType.IsNil)
                {
                    Entity(region.CatchType);
                }
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short value = il.ReadByte();
                if (value == 0xFE)
                {
                    value = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (OperandTypes[value])
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default:
                        // InlineBrTarget, InlineI, ShortInlineR, InlineString, InlineSig: four bytes, no type.
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                Entity(reader.GetCustomAttribute(a).Constructor);
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var g in parameters)
            {
                foreach (var c in reader.GetGenericParameter(g).GetConstraints())
                {
                    Entity(reader.GetGenericParameterConstraint(c).Type);
                }
            }
        }

        private void Entity(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Add(OutermostName((TypeDefinitionHandle)handle));
                    break;
                case HandleKind.TypeReference:
                    Add(ReferenceName((TypeReferenceHandle)handle));
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    Add(OutermostName(method.GetDeclaringType()));
                    method.DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    Add(OutermostName(field.GetDeclaringType()));
                    field.DecodeSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
                default:
                    break;
            }
        }

        private (string Namespace, string Name) ReferenceName(TypeReferenceHandle handle)
        {
            var type = reader.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }

            return (reader.GetString(type.Namespace), reader.GetString(type.Name));
        }

        private void Add((string Namespace, string Name) name) => sink.Add(name);

        public object? GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Add(OutermostName(handle));
            return null;
        }

        public object? GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
        {
            Add(ReferenceName(handle));
            return null;
        }

        public object? GetTypeFromSpecification(MetadataReader r, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            r.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            return null;
        }

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;

        public object? GetTypeFromSerializedName(string name) => null;

        public PrimitiveTypeCode GetUnderlyingEnumType(object? type) => PrimitiveTypeCode.Int32;
    }
}
