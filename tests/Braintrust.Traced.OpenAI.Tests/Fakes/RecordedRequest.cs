using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI.Tests.Fakes;

/// <summary>A request the fake server received: what the real client actually sent.</summary>
internal sealed record RecordedRequest(string Path, string? Authorization, JsonObject Body);
