using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Braintrust.Traced.Analyzers.CodeFixes.Syntax;

/// <summary>Recognizes the Braintrust.Traced parameter attributes in syntax, by what they bind to rather than how they are spelled.</summary>
internal static class TracingAttributes
{
    private const string Namespace = "Braintrust.Traced";

    public static bool IsParameterAttribute(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        var type = (model.GetSymbolInfo(attribute, cancellationToken).Symbol as IMethodSymbol)?.ContainingType;
        return type is not null
            && type.ContainingNamespace?.ToDisplayString() == Namespace
            && type.Name is "NotTracedAttribute" or "RedactAttribute" or "AsMetadataAttribute";
    }
}
