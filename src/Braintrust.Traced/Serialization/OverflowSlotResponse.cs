using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>
/// The answer of <c>POST {apiUrl}/logs3/overflow</c>: where to upload a request body too large for <c>logs3</c>, and the
/// key that later names it.
/// </summary>
internal sealed record OverflowSlotResponse(
    [property: JsonPropertyName("method")] string? Method,
    [property: JsonPropertyName("signedUrl")] string? SignedUrl,
    [property: JsonPropertyName("headers")] Dictionary<string, string>? Headers,
    [property: JsonPropertyName("fields")] Dictionary<string, string>? Fields,
    [property: JsonPropertyName("key")] string? Key);
