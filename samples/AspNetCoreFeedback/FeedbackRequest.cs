using System.Text.Json.Serialization;

namespace AspNetCoreFeedback;

/// <summary>The body of <c>POST /api/feedback</c>: a user's rating of one answer.</summary>
public sealed record FeedbackRequest(
    [property: JsonPropertyName("span_id")] string? SpanId,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("comment")] string? Comment);
