using System.Text.Json.Serialization;

namespace Braintrust.Traced.Serialization;

/// <summary>The body of <c>POST {appUrl}/api/project/register</c> (get-or-create a project by name).</summary>
internal sealed record ProjectRegisterRequest(
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("org_id")] string OrgId);
