using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>The answer of <c>GET {apiUrl}/version</c>; only the request size limit is used.</summary>
internal sealed record VersionResponse([property: JsonPropertyName("logs3_payload_max_bytes")] long? Logs3PayloadMaxBytes);
