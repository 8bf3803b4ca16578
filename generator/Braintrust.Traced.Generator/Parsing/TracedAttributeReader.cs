using System.Linq;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator.Parsing;

/// <summary>Reads a <c>[Traced]</c> attribute's arguments into a <see cref="TracedAttributeData"/>.</summary>
internal static class TracedAttributeReader
{
    private const string SpanTypeName = "global::Braintrust.Traced.SpanType";

    /// <returns><see langword="null"/> when the attribute has errors in its arguments.</returns>
    public static TracedAttributeData? Read(AttributeData attribute, string methodName)
    {
        if (attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
            || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error))
        {
            return null;
        }

        var explicitName = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name
            && !string.IsNullOrWhiteSpace(name)
            ? name
            : null;
        var spanType = SpanTypeName + ".Function";
        var captureInput = true;
        var captureOutput = true;
        var implementation = methodName + TracedAttributeNames.ImplementationSuffix;

        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case TracedAttributeNames.TypeProperty:
                    spanType = SpanTypeExpression(argument.Value);
                    break;
                case TracedAttributeNames.CaptureInputProperty when argument.Value.Value is bool value:
                    captureInput = value;
                    break;
                case TracedAttributeNames.CaptureOutputProperty when argument.Value.Value is bool value:
                    captureOutput = value;
                    break;
                case TracedAttributeNames.ImplementationProperty when argument.Value.Value is string { Length: > 0 } value:
                    implementation = value;
                    break;
            }
        }

        return new TracedAttributeData(explicitName, spanType, captureInput, captureOutput, implementation);
    }

    /// <summary>The enum member's name when the value is defined, else a cast so an unusual value still compiles.</summary>
    private static string SpanTypeExpression(TypedConstant value)
    {
        var member = value.Type?.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value.Value));
        return member is not null
            ? SpanTypeName + "." + member.Name
            : "(" + SpanTypeName + ")" + value.Value;
    }
}
