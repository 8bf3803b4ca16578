using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>The answer of <c>POST {appUrl}/api/apikey/login</c>: the organizations the API key belongs to.</summary>
internal sealed record LoginResponse([property: JsonPropertyName("org_info")] IReadOnlyList<OrgInfo>? OrgInfo);
