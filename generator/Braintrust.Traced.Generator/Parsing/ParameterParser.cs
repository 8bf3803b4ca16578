using System.Linq;
using Braintrust.Traced.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Generator.Parsing;

/// <summary>Turns one parameter into its <see cref="TracedParameter"/>: how to declare it, pass it on and record it.</summary>
internal static class ParameterParser
{
    public static TracedParameter Parse(IParameterSymbol parameter, ParameterSyntax syntax)
    {
        var recordable = CanBeRecorded(parameter.Type);
        return new TracedParameter(
            Name: TypeDisplay.Identifier(parameter.Name),
            RecordedName: parameter.Name,
            Type: TypeDisplay.Of(parameter.Type),
            Modifiers: Modifiers(syntax),
            ArgumentPrefix: ArgumentPrefix(parameter.RefKind),
            Capture: recordable ? Capture(parameter) : ParameterCapture.None,
            MetadataKey: MetadataKey(parameter),
            IsOutput: recordable && parameter.RefKind is RefKind.Ref or RefKind.Out);
    }

    /// <summary>
    /// The modifiers exactly as the defining declaration spells them (<c>this</c>, <c>scoped</c>, <c>ref readonly</c>,
    /// <c>params</c>...): both declarations of a partial method must agree on each of them.
    /// </summary>
    private static string Modifiers(ParameterSyntax syntax) =>
        string.Concat(syntax.Modifiers.Select(m => m.Text + " "));

    private static string ArgumentPrefix(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In or RefKind.RefReadOnlyParameter => "in ",
        _ => "",
    };

    private static ParameterCapture Capture(IParameterSymbol parameter)
    {
        if (parameter.RefKind == RefKind.Out || IsCancellationToken(parameter.Type) || Has(parameter, TracedAttributeNames.NotTraced))
        {
            return ParameterCapture.None;
        }

        // Redaction wins over everything else: a secret never reaches a span, not even its metadata.
        if (Has(parameter, TracedAttributeNames.Redact))
        {
            return ParameterCapture.Redacted;
        }

        return Has(parameter, TracedAttributeNames.AsMetadata) ? ParameterCapture.Metadata : ParameterCapture.Input;
    }

    private static string? MetadataKey(IParameterSymbol parameter)
    {
        var attribute = Find(parameter, TracedAttributeNames.AsMetadata);
        if (attribute is null)
        {
            return null;
        }

        return attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } key
            ? key
            : parameter.Name;
    }

    /// <summary>Ref structs, pointers and type parameters that allow ref structs cannot be boxed into the span's input.</summary>
    public static bool CanBeRecorded(ITypeSymbol type) =>
        !type.IsRefLikeType
        && type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer)
        && type is not ITypeParameterSymbol { AllowsRefLikeType: true };

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool Has(IParameterSymbol parameter, string attributeMetadataName) =>
        Find(parameter, attributeMetadataName) is not null;

    private static AttributeData? Find(IParameterSymbol parameter, string attributeMetadataName) =>
        parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == attributeMetadataName);
}
