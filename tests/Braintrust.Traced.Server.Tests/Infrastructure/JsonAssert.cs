using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>JSON equality that ignores object key order (PostgreSQL's JSONB reorders keys).</summary>
internal static class JsonAssert
{
    public static void AreEquivalent(JsonNode? actual, string expectedJson, string? message = null)
        => Assert.That(JsonNode.DeepEquals(actual, JsonNode.Parse(expectedJson)), Is.True,
            $"{message} expected {expectedJson} but was {actual?.ToJsonString() ?? "null"}");
}
