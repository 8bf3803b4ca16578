using System.Collections.Generic;
using System.Linq;
using Braintrust.Traced.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;
using static Braintrust.Traced.Generator.Emit.GeneratedNames;

namespace Braintrust.Traced.Generator.Emit;

/// <summary>
/// Writes one traced method: its <c>TracedMethod</c> field (everything known at compile time) and the implementing
/// declaration that opens the span, records the call and hands over to the body.
/// </summary>
internal static class TracedMethodEmitter
{
    /// <summary>The most arguments the runtime's <c>TracedScope.SetArguments</c> overloads take; more go in an array.</summary>
    private const int MaxTypedArguments = 4;

    public static void Emit(IndentedSourceWriter writer, TracedMethod method, string fieldName, bool canHideFromStackTraces)
    {
        var outputs = OutputParameters(method);
        var locals = new GeneratedLocals(method.Parameters.Select(p => p.Name));
        WriteTraceField(writer, method, fieldName, outputs);
        writer.WriteBlankLine();

        writer.WriteLine(GeneratedCodeAttribute);
        writer.WriteLine(DebuggerStepThrough);
        if (canHideFromStackTraces)
        {
            writer.WriteLine(StackTraceHidden);
        }

        writer.WriteLine(Signature(method));
        writer.Indent();
        foreach (var constraint in method.Constraints)
        {
            writer.WriteLine(constraint);
        }

        writer.Unindent();
        writer.OpenBlock();
        WriteDisabledPath(writer, method);
        writer.WriteBlankLine();
        writer.WriteLine("using var " + locals.Scope + " = " + TracedCallsType + ".Begin(" + fieldName + ");");
        WriteInput(writer, method, locals);
        writer.WriteLine("try");
        writer.OpenBlock();
        WriteTracedCall(writer, method, outputs, locals);
        writer.CloseBlock();
        writer.WriteLine("catch (" + Exception + " " + locals.CaughtException + ")");
        writer.OpenBlock();
        writer.WriteLine(locals.Scope + ".SetError(" + locals.CaughtException + ");");
        writer.WriteLine("throw;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void WriteTraceField(IndentedSourceWriter writer, TracedMethod method, string fieldName, IReadOnlyList<TracedParameter> outputs)
    {
        var inputNames = method.CaptureInput
            ? method.Parameters.Where(p => p.Capture is ParameterCapture.Input or ParameterCapture.Redacted).Select(p => p.RecordedName).ToList()
            : new List<string>();
        var outputNames = outputs.Count == 0
            ? new List<string>()
            : (method.ReturnShape == ReturnShape.Void ? Enumerable.Empty<string>() : new[] { "return" })
                .Concat(outputs.Select(p => p.RecordedName)).ToList();

        writer.WriteLine(GeneratedCodeAttribute);
        writer.WriteLine("private static readonly " + TracedMethodType + " " + fieldName + " = new " + TracedMethodType + "(");
        writer.Indent();
        writer.WriteLine("spanName: " + Literal(method.SpanName) + ",");
        writer.WriteLine("spanType: " + method.SpanType + ",");
        writer.WriteLine("functionName: " + Literal(method.FunctionName) + ",");
        writer.WriteLine("fileName: " + Literal(method.CallerFilePath) + ",");
        writer.WriteLine("lineNumber: " + method.LineNumber + ",");
        writer.WriteLine("inputNames: " + StringArray(inputNames) + ",");
        writer.WriteLine("outputNames: " + StringArray(outputNames) + ");");
        writer.Unindent();
    }

    private static string Signature(TracedMethod method)
    {
        var modifiers = method.Modifiers.Length > 0 ? method.Modifiers + " partial " : "partial ";
        var parameters = string.Join(", ", method.Parameters.Select(p => p.Modifiers + p.Type + " " + p.Name));
        return modifiers + method.ReturnType + " " + method.Name + method.TypeParameters + "(" + parameters + ")";
    }

    /// <summary>With no logger the call goes straight to the body: one static read, no allocation.</summary>
    private static void WriteDisabledPath(IndentedSourceWriter writer, TracedMethod method)
    {
        writer.WriteLine("if (!" + TracedCallsType + ".IsEnabled)");
        writer.OpenBlock();
        if (method.ReturnShape == ReturnShape.Void)
        {
            writer.WriteLine(Call(method) + ";");
            writer.WriteLine("return;");
        }
        else
        {
            writer.WriteLine("return " + Call(method) + ";");
        }

        writer.CloseBlock();
    }

    private static void WriteInput(IndentedSourceWriter writer, TracedMethod method, GeneratedLocals locals)
    {
        if (method.CaptureInput)
        {
            var values = method.Parameters
                .Where(p => p.Capture is ParameterCapture.Input or ParameterCapture.Redacted)
                .Select(p => p.Capture == ParameterCapture.Redacted ? TracedCallsType + ".RedactedValue" : p.Name)
                .ToList();
            if (values.Count is > 0 and <= MaxTypedArguments)
            {
                // Kept as their own types until the shipper writes them: no array, no boxing on the caller's thread.
                writer.WriteLine(locals.Scope + ".SetArguments(" + string.Join(", ", values) + ");");
            }
            else if (values.Count > MaxTypedArguments)
            {
                writer.WriteLine(locals.Scope + ".SetInput(new object?[] { " + string.Join(", ", values) + " });");
            }
        }

        // [AsMetadata] is an explicit request, so it is honoured even when CaptureInput is off.
        foreach (var parameter in method.Parameters.Where(p => p.Capture == ParameterCapture.Metadata))
        {
            writer.WriteLine(locals.Scope + ".AddMetadata(" + Literal(parameter.MetadataKey ?? parameter.RecordedName) + ", " + parameter.Name + ");");
        }
    }

    private static void WriteTracedCall(IndentedSourceWriter writer, TracedMethod method, IReadOnlyList<TracedParameter> outputs, GeneratedLocals locals)
    {
        var call = Call(method);
        switch (method.ReturnShape)
        {
            case ReturnShape.Void:
                writer.WriteLine(call + ";");
                if (outputs.Count > 0)
                {
                    writer.WriteLine(locals.Scope + ".SetOutputs(new object?[] { " + string.Join(", ", outputs.Select(p => p.Name)) + " });");
                }

                break;
            case ReturnShape.Value when !method.CaptureOutput:
                writer.WriteLine("return " + call + ";");
                break;
            case ReturnShape.Value:
                writer.WriteLine("var " + locals.Result + " = " + call + ";");
                writer.WriteLine(outputs.Count > 0
                    ? locals.Scope + ".SetOutputs(new object?[] { " + string.Join(", ", new[] { locals.Result }.Concat(outputs.Select(p => p.Name))) + " });"
                    : locals.Scope + ".SetOutput(" + locals.Result + ");");
                writer.WriteLine("return " + locals.Result + ";");
                break;
            case ReturnShape.Task:
                writer.WriteLine("return " + locals.Scope + ".TraceTask(" + call + ");");
                break;
            case ReturnShape.TaskOfT:
                writer.WriteLine("return " + locals.Scope + ".TraceTask(" + call + ResultSwitch(method, "recordResult") + ");");
                break;
            case ReturnShape.ValueTask:
                writer.WriteLine("return " + locals.Scope + ".TraceValueTask(" + call + ");");
                break;
            case ReturnShape.ValueTaskOfT:
                writer.WriteLine("return " + locals.Scope + ".TraceValueTask(" + call + ResultSwitch(method, "recordResult") + ");");
                break;
            case ReturnShape.Enumerable:
                writer.WriteLine("return " + locals.Scope + ".TraceEnumerable(" + call + ResultSwitch(method, "recordItems") + ");");
                break;
            case ReturnShape.AsyncEnumerable:
                writer.WriteLine("return " + locals.Scope + ".TraceAsyncEnumerable(" + call + ResultSwitch(method, "recordItems") + ");");
                break;
        }
    }

    /// <summary>
    /// With <c>CaptureOutput = false</c> the runtime still ends the span with the task or sequence (and records an
    /// exception or the item count), but is told not to record the result itself.
    /// </summary>
    private static string ResultSwitch(TracedMethod method, string parameterName) =>
        method.CaptureOutput ? "" : ", " + parameterName + ": false";

    /// <summary><c>out</c>/<c>ref</c> parameters recorded after a synchronous call; a task's outputs are its result alone.</summary>
    private static IReadOnlyList<TracedParameter> OutputParameters(TracedMethod method) =>
        method.CaptureOutput && method.ReturnShape is ReturnShape.Void or ReturnShape.Value
            ? method.Parameters.Where(p => p.IsOutput).ToList()
            : new List<TracedParameter>();

    private static string Call(TracedMethod method) =>
        method.ImplementationCall + "(" + string.Join(", ", method.Parameters.Select(p => p.ArgumentPrefix + p.Name)) + ")";

    private static string StringArray(IReadOnlyList<string> values) =>
        values.Count == 0 ? EmptyStrings : "new string[] { " + string.Join(", ", values.Select(Literal)) + " }";

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
