namespace AspNetCoreFeedback;

/// <summary>The body of <c>POST /api/answers</c>.</summary>
public sealed record AnswerRequest(string? Question);
