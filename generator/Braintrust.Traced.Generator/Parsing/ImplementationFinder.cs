using System.Linq;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator.Parsing;

/// <summary>
/// Finds the method holding a traced method's body. When there is none with a matching signature the generator
/// writes nothing (the analyzers explain why), rather than code that fails to compile inside a generated file.
/// </summary>
internal static class ImplementationFinder
{
    public static IMethodSymbol? Find(IMethodSymbol traced, string implementationName)
    {
        foreach (var candidate in traced.ContainingType.GetMembers(implementationName).OfType<IMethodSymbol>())
        {
            if (Matches(traced, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Matches(IMethodSymbol traced, IMethodSymbol candidate)
    {
        if (SymbolEqualityComparer.Default.Equals(candidate, traced)
            || candidate.IsPartialDefinition
            || candidate.Arity != traced.Arity
            || candidate.Parameters.Length != traced.Parameters.Length
            || (traced.IsStatic && !candidate.IsStatic))
        {
            return false;
        }

        // Compare the signatures with the candidate's type parameters replaced by the traced method's own.
        var constructed = candidate.Arity == 0
            ? candidate
            : candidate.Construct(traced.TypeParameters.Cast<ITypeSymbol>().ToArray());
        if (!SymbolEqualityComparer.Default.Equals(constructed.ReturnType, traced.ReturnType)
            || constructed.RefKind != traced.RefKind)
        {
            return false;
        }

        for (var i = 0; i < traced.Parameters.Length; i++)
        {
            var expected = traced.Parameters[i];
            var actual = constructed.Parameters[i];
            if (!SymbolEqualityComparer.Default.Equals(actual.Type, expected.Type) || !RefKindsCompatible(expected.RefKind, actual.RefKind))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An <c>in</c> argument may go to an <c>in</c> or <c>ref readonly</c> parameter; the rest must agree exactly.</summary>
    private static bool RefKindsCompatible(RefKind traced, RefKind implementation) =>
        traced == implementation
        || (IsReadOnlyReference(traced) && IsReadOnlyReference(implementation));

    private static bool IsReadOnlyReference(RefKind kind) => kind is RefKind.In or RefKind.RefReadOnlyParameter;
}
