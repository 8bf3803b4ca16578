using System.Text.Json.Serialization;

namespace AspNetCoreFeedback;

/// <summary>The answer, with the span id also in the body for clients that cannot read response headers.</summary>
public sealed record AnswerResponse(
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("span_id")] string? SpanId);
