using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>A project's id and name.</summary>
internal sealed record ProjectInfo(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name);
