using System.Text.Json.Nodes;

namespace Braintrust.Traced.Samples.Tests.Infrastructure;

/// <summary>Walks a trace as the query API returns it (<c>spans</c>, each with <c>children</c>).</summary>
internal static class TraceTree
{
    public static IEnumerable<JsonNode> Roots(JsonNode trace) => trace["spans"]!.AsArray().Select(s => s!);

    public static IEnumerable<JsonNode> Children(JsonNode span) => span["children"]!.AsArray().Select(s => s!);

    public static JsonNode Child(JsonNode span, string name) =>
        Children(span).SingleOrDefault(c => (string?)c["name"] == name)
        ?? throw new AssertionException($"{span["name"]} has no child {name}; children: {string.Join(", ", Children(span).Select(c => c["name"]))}");

    public static string[] ChildNames(JsonNode span) => [.. Children(span).Select(c => (string)c["name"]!)];
}
