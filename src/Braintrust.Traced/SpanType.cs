namespace Braintrust.Traced;

/// <summary>
/// The kind of work a span records; Braintrust's UI shows each with its own icon.
/// Sent on the wire as the lower-case name in <c>span_attributes.type</c>.
/// </summary>
public enum SpanType
{
    /// <summary>A piece of application logic (the default for <see cref="TracedAttribute"/>).</summary>
    Function = 0,
    /// <summary>A call to a language model.</summary>
    Llm,
    /// <summary>A tool the model or the application calls.</summary>
    Tool,
    /// <summary>A unit of work such as a request; the default for root spans started with <c>StartSpan</c>.</summary>
    Task,
    /// <summary>A scorer's judgement of another span.</summary>
    Score,
    /// <summary>An evaluation run.</summary>
    Eval,
}
