using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator.Parsing;

/// <summary>
/// Writes a generic method's <c>where</c> clauses: the implementing declaration of a partial method must repeat
/// the defining declaration's constraints exactly (CS0761).
/// </summary>
internal static class ConstraintRenderer
{
    public static IEnumerable<string> Clauses(IMethodSymbol method)
    {
        foreach (var parameter in method.TypeParameters)
        {
            var constraints = Constraints(parameter).ToList();
            if (constraints.Count > 0)
            {
                yield return "where " + TypeDisplay.Identifier(parameter.Name) + " : " + string.Join(", ", constraints);
            }
        }
    }

    private static IEnumerable<string> Constraints(ITypeParameterSymbol parameter)
    {
        // The order C# requires: primary constraint, types, new(), then the anti-constraint.
        if (parameter.HasReferenceTypeConstraint)
        {
            yield return parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class";
        }
        else if (parameter.HasUnmanagedTypeConstraint)
        {
            yield return "unmanaged";
        }
        else if (parameter.HasValueTypeConstraint)
        {
            yield return "struct";
        }
        else if (parameter.HasNotNullConstraint)
        {
            yield return "notnull";
        }

        foreach (var type in parameter.ConstraintTypes)
        {
            yield return TypeDisplay.Of(type);
        }

        if (parameter.HasConstructorConstraint)
        {
            yield return "new()";
        }

        if (parameter.AllowsRefLikeType)
        {
            yield return "allows ref struct";
        }
    }
}
