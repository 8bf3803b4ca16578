namespace Braintrust.Traced.Generator.Parsing;

/// <summary>What one <c>[Traced]</c> attribute says, read at compile time.</summary>
/// <param name="ExplicitName">The span name given to the constructor, or <see langword="null"/>.</param>
/// <param name="SpanTypeExpression">The span type as C#, e.g. <c>global::Braintrust.Traced.SpanType.Tool</c>.</param>
/// <param name="CaptureInput">Whether the arguments are recorded.</param>
/// <param name="CaptureOutput">Whether the result is recorded.</param>
/// <param name="ImplementationName">The method holding the body.</param>
internal sealed record TracedAttributeData(
    string? ExplicitName,
    string SpanTypeExpression,
    bool CaptureInput,
    bool CaptureOutput,
    string ImplementationName);
