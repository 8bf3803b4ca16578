using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Braintrust.Traced.Generator.Parsing;

/// <summary>Renders symbols as the C# text the emitter writes: fully qualified, with nullable annotations.</summary>
internal static class TypeDisplay
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Of(ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>An identifier as code must spell it: <c>@class</c> for a parameter named <c>class</c>.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string TypeParameterList(INamedTypeSymbol type)
    {
        if (type.TypeParameters.Length == 0)
        {
            return "";
        }

        return "<" + string.Join(", ", type.TypeParameters.Select(p => Variance(p) + Identifier(p.Name))) + ">";
    }

    public static string TypeParameterList(IMethodSymbol method) =>
        method.TypeParameters.Length == 0
            ? ""
            : "<" + string.Join(", ", method.TypeParameters.Select(p => Identifier(p.Name))) + ">";

    private static string Variance(ITypeParameterSymbol parameter) => parameter.Variance switch
    {
        VarianceKind.In => "in ",
        VarianceKind.Out => "out ",
        _ => "",
    };
}
