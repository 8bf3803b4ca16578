namespace Braintrust.Traced.Tests.Infrastructure;

/// <summary>One request the fake server received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Authorization, string Body, DateTimeOffset ReceivedAt);
