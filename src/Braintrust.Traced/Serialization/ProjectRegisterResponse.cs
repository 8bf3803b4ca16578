using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>The answer of <c>POST {appUrl}/api/project/register</c>.</summary>
internal sealed record ProjectRegisterResponse([property: JsonPropertyName("project")] ProjectInfo? Project);
