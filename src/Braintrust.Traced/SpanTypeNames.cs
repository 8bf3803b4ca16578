namespace Braintrust.Traced;

/// <summary>The lower-case names Braintrust uses for <see cref="SpanType"/> in <c>span_attributes.type</c>.</summary>
internal static class SpanTypeNames
{
    public static string ToWire(SpanType type) => type switch
    {
        SpanType.Function => "function",
        SpanType.Llm => "llm",
        SpanType.Tool => "tool",
        SpanType.Task => "task",
        SpanType.Score => "score",
        SpanType.Eval => "eval",
        _ => "function",
    };
}
