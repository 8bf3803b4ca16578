using System.ComponentModel;

namespace Braintrust.Traced.Runtime;

/// <summary>
/// Everything about one <see cref="TracedAttribute"/> method that is known at compile time. Generated code keeps one
/// instance per traced method in a <c>static readonly</c> field, so a call never builds names or looks anything up.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TracedMethod
{
    /// <param name="spanName">The span name decided at compile time.</param>
    /// <param name="spanType">The span type.</param>
    /// <param name="functionName">The method as the user wrote it, e.g. <c>Classifier.ClassifyTextAsync</c>: the span's <c>context.caller_functionname</c>.</param>
    /// <param name="fileName">The source file of the declaration: <c>context.caller_filename</c>.</param>
    /// <param name="lineNumber">The 1-based line of the declaration: <c>context.caller_lineno</c>.</param>
    /// <param name="inputNames">Names of the captured parameters, in the order <see cref="TracedScope.SetInput"/> receives their values.</param>
    /// <param name="outputNames">
    /// Names for <see cref="TracedScope.SetOutputs"/> when the method has <c>out</c>/<c>ref</c> parameters: <c>"return"</c>
    /// first for a non-void method, then each <c>out</c>/<c>ref</c> parameter. Empty when the output is the plain return value.
    /// </param>
    public TracedMethod(string spanName, SpanType spanType, string functionName, string fileName, int lineNumber, string[] inputNames, string[] outputNames)
    {
        SpanName = spanName;
        SpanType = spanType;
        FunctionName = functionName;
        FileName = fileName;
        LineNumber = lineNumber;
        InputNames = inputNames;
        OutputNames = outputNames;
    }

    /// <summary>The span name decided at compile time.</summary>
    public string SpanName { get; }

    /// <summary>The span type.</summary>
    public SpanType SpanType { get; }

    /// <summary>The method as the user wrote it.</summary>
    public string FunctionName { get; }

    /// <summary>The source file of the declaration.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line of the declaration.</summary>
    public int LineNumber { get; }

    /// <summary>Names of the captured parameters.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Names of the output members when the method has <c>out</c>/<c>ref</c> parameters.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary><see cref="InputNames"/> as encoded <c>"name":</c> prefixes, built once by the shipper's worker.</summary>
    internal byte[][] InputPropertyPrefixes => field ??= Shipping.RowWriter.PropertyPrefixes(InputNames);

    /// <summary><see cref="OutputNames"/> as encoded <c>"name":</c> prefixes, built once by the shipper's worker.</summary>
    internal byte[][] OutputPropertyPrefixes => field ??= Shipping.RowWriter.PropertyPrefixes(OutputNames);

    /// <summary>The span's <c>context</c> object as UTF-8 JSON, built once by the shipper's worker (which alone reads it).</summary>
    internal byte[]? ContextJson { get; set; }

    /// <summary>The span's <c>span_attributes</c> object as UTF-8 JSON, built once by the shipper's worker.</summary>
    internal byte[]? SpanAttributesJson { get; set; }
}
