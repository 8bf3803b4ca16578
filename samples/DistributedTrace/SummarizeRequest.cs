namespace DistributedTrace;

/// <summary>The body of the worker's <c>POST /summarize</c>.</summary>
public sealed record SummarizeRequest(string? Text);
