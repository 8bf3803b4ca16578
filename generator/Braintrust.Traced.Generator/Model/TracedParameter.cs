namespace Braintrust.Traced.Generator.Model;

/// <summary>One parameter of a traced method, pre-rendered as C# text.</summary>
/// <param name="Name">The identifier as written in code, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="RecordedName">The name the span records (no <c>@</c>).</param>
/// <param name="Type">The fully qualified type, with nullable annotations.</param>
/// <param name="Modifiers">Everything before the type: <c>this</c>, <c>scoped</c>, <c>ref</c>/<c>out</c>/<c>in</c>/<c>ref readonly</c>, <c>params</c>.</param>
/// <param name="ArgumentPrefix">How the argument is passed on to the body: <c>ref </c>, <c>out </c>, <c>in </c> or nothing.</param>
/// <param name="Capture">What the span records for the argument on entry.</param>
/// <param name="MetadataKey">The metadata key for <see cref="ParameterCapture.Metadata"/>.</param>
/// <param name="IsOutput">Whether the value after the call (an <c>out</c> or <c>ref</c> parameter) goes into the output.</param>
internal sealed record TracedParameter(
    string Name,
    string RecordedName,
    string Type,
    string Modifiers,
    string ArgumentPrefix,
    ParameterCapture Capture,
    string? MetadataKey,
    bool IsOutput);
