using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>One organization from the login answer; <c>api_url</c> is where rows are posted.</summary>
internal sealed record OrgInfo(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("api_url")] string? ApiUrl);
