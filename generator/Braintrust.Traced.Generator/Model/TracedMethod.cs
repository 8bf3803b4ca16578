using Braintrust.Traced.Generator.Helpers;

namespace Braintrust.Traced.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one traced method, as plain values: no symbols, syntax or locations,
/// so the incremental pipeline can compare runs and skip unchanged methods.
/// </summary>
internal sealed record TracedMethod
{
    /// <summary>Identifies the containing type; methods are grouped into one file per key.</summary>
    public required string TypeKey { get; init; }

    /// <summary>The namespace, or empty for the global namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The containing types, outermost first.</summary>
    public required EquatableArray<ContainingType> ContainingTypes { get; init; }

    /// <summary>The method's name as written in code.</summary>
    public required string Name { get; init; }

    /// <summary>The method's modifiers before <c>partial</c>, e.g. <c>public static</c>.</summary>
    public required string Modifiers { get; init; }

    /// <summary>The fully qualified return type.</summary>
    public required string ReturnType { get; init; }

    /// <summary>How the method returns.</summary>
    public required ReturnShape ReturnShape { get; init; }

    /// <summary>The type parameter list, e.g. <c>&lt;T&gt;</c>, or empty.</summary>
    public required string TypeParameters { get; init; }

    /// <summary>The constraint clauses, e.g. <c>where T : class</c>.</summary>
    public required EquatableArray<string> Constraints { get; init; }

    /// <summary>The parameters in declaration order.</summary>
    public required EquatableArray<TracedParameter> Parameters { get; init; }

    /// <summary>The method holding the body, with its type arguments, e.g. <c>ClassifyCore&lt;T&gt;</c>.</summary>
    public required string ImplementationCall { get; init; }

    /// <summary>The span name from <c>[Traced("...")]</c>, or <see langword="null"/> to apply the naming policy.</summary>
    public required string? ExplicitSpanName { get; init; }

    /// <summary>The span name after the naming policy; set by the naming step.</summary>
    public string SpanName { get; init; } = "";

    /// <summary>The <c>SpanType</c> member name, e.g. <c>Tool</c>, or a cast for an undefined value.</summary>
    public required string SpanType { get; init; }

    /// <summary>Whether the arguments are recorded.</summary>
    public required bool CaptureInput { get; init; }

    /// <summary>Whether the result and <c>out</c>/<c>ref</c> values are recorded.</summary>
    public required bool CaptureOutput { get; init; }

    /// <summary>The innermost containing type's name, for the <c>TypeAndMethod</c> naming policy.</summary>
    public required string TypeName { get; init; }

    /// <summary>The method as the user wrote it, e.g. <c>Classifier.ClassifyTextAsync</c>: <c>context.caller_functionname</c>.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The declaring file's path as the compiler sees it; picks the file's <c>.editorconfig</c> settings.</summary>
    public required string FilePath { get; init; }

    /// <summary>The declaring file after <c>/pathmap</c>: <c>context.caller_filename</c>; set by the naming step.</summary>
    public string CallerFilePath { get; init; } = "";

    /// <summary>The 1-based line of the declaration: <c>context.caller_lineno</c>.</summary>
    public required int LineNumber { get; init; }
}
