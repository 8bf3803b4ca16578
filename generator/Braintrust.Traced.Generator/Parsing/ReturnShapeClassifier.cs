using Braintrust.Traced.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator.Parsing;

/// <summary>Recognises the return types whose span outlives the call: tasks and sequences.</summary>
internal static class ReturnShapeClassifier
{
    public static ReturnShape Classify(IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            return ReturnShape.Void;
        }

        if (method.ReturnType is not INamedTypeSymbol named)
        {
            return ReturnShape.Value;
        }

        return MetadataName(named.OriginalDefinition) switch
        {
            "System.Threading.Tasks.Task" => ReturnShape.Task,
            "System.Threading.Tasks.Task`1" => ReturnShape.TaskOfT,
            "System.Threading.Tasks.ValueTask" => ReturnShape.ValueTask,
            "System.Threading.Tasks.ValueTask`1" => ReturnShape.ValueTaskOfT,
            "System.Collections.Generic.IEnumerable`1" => ReturnShape.Enumerable,
            "System.Collections.Generic.IAsyncEnumerable`1" => ReturnShape.AsyncEnumerable,
            _ => ReturnShape.Value,
        };
    }

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? ns.ToDisplayString() + "." + type.MetadataName
            : type.MetadataName;
}
