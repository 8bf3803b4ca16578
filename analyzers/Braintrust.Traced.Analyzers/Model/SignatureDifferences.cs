using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>
/// Lists, in words, every way an implementation method's signature differs from its [Traced] method, so the user
/// reads which part to change. Method type parameters are matched by position: <c>M&lt;T&gt;(T x)</c> and
/// <c>MCore&lt;U&gt;(U x)</c> agree. The rules match what the generator accepts: a static implementation for an
/// instance method and <c>in</c>/<c>ref readonly</c> interchangeably are fine, because the generated call compiles.
/// </summary>
internal static class SignatureDifferences
{
    public static List<string> Find(IMethodSymbol traced, IMethodSymbol implementation)
    {
        var differences = new List<string>();
        var name = traced.Name;

        // An instance method may call a static implementation, never the other way round.
        if (traced.IsStatic && !implementation.IsStatic)
        {
            differences.Add($"it is not static but '{name}' is");
        }

        if (traced.TypeParameters.Length != implementation.TypeParameters.Length)
        {
            differences.Add($"it has {Count(implementation.TypeParameters.Length, "type parameter")} but '{name}' has {traced.TypeParameters.Length}");
        }
        else
        {
            for (var i = 0; i < traced.TypeParameters.Length; i++)
            {
                if (!ConstraintsMatch(traced.TypeParameters[i], implementation.TypeParameters[i]))
                {
                    differences.Add($"the constraints on type parameter '{implementation.TypeParameters[i].Name}' differ from those on '{traced.TypeParameters[i].Name}' of '{name}'");
                }
            }
        }

        if (traced.Parameters.Length != implementation.Parameters.Length)
        {
            differences.Add($"it has {Count(implementation.Parameters.Length, "parameter")} but '{name}' has {traced.Parameters.Length}");
        }
        else
        {
            for (var i = 0; i < traced.Parameters.Length; i++)
            {
                var expected = traced.Parameters[i];
                var actual = implementation.Parameters[i];
                var position = $"parameter {i + 1} ('{actual.Name}')";
                if (!RefKindsCompatible(expected.RefKind, actual.RefKind))
                {
                    differences.Add($"{position} is passed {Describe(actual.RefKind)} but {Describe(expected.RefKind)} in '{name}'");
                }

                if (!TypesMatch(expected.Type, actual.Type))
                {
                    differences.Add($"{position} is '{actual.Type.ToDisplayString()}' but '{expected.Type.ToDisplayString()}' in '{name}'");
                }
            }
        }

        if (traced.RefKind != implementation.RefKind)
        {
            differences.Add(implementation.ReturnsByRef || implementation.ReturnsByRefReadonly
                ? "it returns by reference but the traced method returns a value"
                : "it returns a value but the traced method returns by reference");
        }

        if (!TypesMatch(traced.ReturnType, implementation.ReturnType))
        {
            differences.Add($"it returns '{implementation.ReturnType.ToDisplayString()}' but '{name}' returns '{traced.ReturnType.ToDisplayString()}'");
        }

        return differences;
    }

    /// <summary>An <c>in</c> argument may go to an <c>in</c> or <c>ref readonly</c> parameter; other ref kinds must agree exactly.</summary>
    private static bool RefKindsCompatible(RefKind traced, RefKind implementation) =>
        traced == implementation
        || ((traced is RefKind.In or RefKind.RefReadOnlyParameter) && (implementation is RefKind.In or RefKind.RefReadOnlyParameter));

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Describe(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "'ref'",
        RefKind.Out => "'out'",
        RefKind.In => "'in'",
        RefKind.RefReadOnlyParameter => "'ref readonly'",
        _ => "by value",
    };

    private static bool ConstraintsMatch(ITypeParameterSymbol expected, ITypeParameterSymbol actual)
    {
        if (expected.HasReferenceTypeConstraint != actual.HasReferenceTypeConstraint
            || expected.HasValueTypeConstraint != actual.HasValueTypeConstraint
            || expected.HasUnmanagedTypeConstraint != actual.HasUnmanagedTypeConstraint
            || expected.HasNotNullConstraint != actual.HasNotNullConstraint
            || expected.HasConstructorConstraint != actual.HasConstructorConstraint
            || expected.AllowsRefLikeType != actual.AllowsRefLikeType
            || expected.ConstraintTypes.Length != actual.ConstraintTypes.Length)
        {
            return false;
        }

        // Constraint order carries no meaning, so every expected constraint just has to appear somewhere.
        return expected.ConstraintTypes.All(constraint => actual.ConstraintTypes.Any(candidate => TypesMatch(constraint, candidate)));
    }

    private static bool TypesMatch(ITypeSymbol expected, ITypeSymbol actual)
    {
        switch (expected)
        {
            case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } expectedParameter:
                return actual is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } actualParameter
                    && expectedParameter.Ordinal == actualParameter.Ordinal;
            case IArrayTypeSymbol expectedArray:
                return actual is IArrayTypeSymbol actualArray
                    && expectedArray.Rank == actualArray.Rank
                    && TypesMatch(expectedArray.ElementType, actualArray.ElementType);
            case IPointerTypeSymbol expectedPointer:
                return actual is IPointerTypeSymbol actualPointer && TypesMatch(expectedPointer.PointedAtType, actualPointer.PointedAtType);
            case INamedTypeSymbol { IsGenericType: true } expectedNamed:
                return actual is INamedTypeSymbol { IsGenericType: true } actualNamed
                    && SymbolEqualityComparer.Default.Equals(expectedNamed.OriginalDefinition, actualNamed.OriginalDefinition)
                    && AllTypeArgumentsMatch(expectedNamed, actualNamed);
            default:
                return SymbolEqualityComparer.Default.Equals(expected, actual);
        }
    }

    /// <summary>Type arguments of the type and of every generic type it is nested in (<c>Outer&lt;T&gt;.Inner&lt;U&gt;</c>).</summary>
    private static bool AllTypeArgumentsMatch(INamedTypeSymbol expected, INamedTypeSymbol actual)
    {
        for (INamedTypeSymbol? e = expected, a = actual; e is not null && a is not null; e = e.ContainingType, a = a.ContainingType)
        {
            if (e.TypeArguments.Length != a.TypeArguments.Length)
            {
                return false;
            }

            for (var i = 0; i < e.TypeArguments.Length; i++)
            {
                if (!TypesMatch(e.TypeArguments[i], a.TypeArguments[i]))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
