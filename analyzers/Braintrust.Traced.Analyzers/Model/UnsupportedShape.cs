using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>
/// Explains why a method cannot be wrapped in a span, or returns <see langword="null"/> when it can. Each reason
/// completes the sentence "'M' cannot be [Traced]: …" and says what to do instead.
/// </summary>
internal static class UnsupportedShape
{
    public const string AsyncVoid =
        "an 'async void' method cannot be awaited, so its span would end before its work does; return Task instead";

    public const string LocalFunction =
        "a local function cannot be partial, so the generator cannot wrap it; move it into a partial method of the type";

    public const string Lambda =
        "a lambda has no declaration the generator can complete; call a [Traced] method from the lambda instead";

    public static string? Find(IMethodSymbol method)
    {
        return FindKindReason(method) ?? FindSignatureReason(method);
    }

    /// <summary>Reasons that come from what kind of member this is; nothing else about it matters then.</summary>
    public static string? FindKindReason(IMethodSymbol method)
    {
        switch (method.MethodKind)
        {
            case MethodKind.Ordinary:
                break;
            case MethodKind.LocalFunction:
                return LocalFunction;
            case MethodKind.AnonymousFunction:
                return Lambda;
            case MethodKind.UserDefinedOperator:
            case MethodKind.Conversion:
                return "operators and conversions cannot be partial, so the generator cannot supply their body; trace a method the operator calls instead";
            case MethodKind.PropertyGet:
            case MethodKind.PropertySet:
            case MethodKind.EventAdd:
            case MethodKind.EventRemove:
            case MethodKind.EventRaise:
                return "accessors cannot be partial methods; trace a method the accessor calls instead";
            case MethodKind.ExplicitInterfaceImplementation:
                return "an explicit interface implementation cannot be partial; implement the interface member implicitly or call a [Traced] method from it";
            default:
                return "only ordinary methods can be traced; trace a method this member calls instead";
        }

        if (method.IsAbstract)
        {
            return method.ContainingType?.TypeKind == TypeKind.Interface
                ? "an interface member has no body of its own to trace; put [Traced] on the implementing class's method"
                : "an abstract method has no body to trace; put [Traced] on the overriding method";
        }

        if (method.IsExtern)
        {
            return "an extern method's body is not C#, so the generator cannot supply it";
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                return $"'{type.Name}' is a file-local type, which the generated file cannot extend; remove 'file' or move the method to another type";
            }
        }

        return null;
    }

    /// <summary>
    /// Reasons that come from the signature: what the generated body cannot forward or await. Values that merely
    /// cannot be recorded (ref structs, pointers) are not here: the generator passes them through unrecorded, and
    /// BTT006 says so for parameters.
    /// </summary>
    public static string? FindSignatureReason(IMethodSymbol method)
    {
        if (method.IsAsync && method.ReturnsVoid)
        {
            return AsyncVoid;
        }

        if (method.IsVararg)
        {
            return "an __arglist parameter cannot be forwarded to the implementation";
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return "a 'ref' return cannot be forwarded through the span that records the result; return the value instead";
        }

        return null;
    }
}
