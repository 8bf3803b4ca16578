using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>Braintrust's project object shape (REST and app API).</summary>
internal static class ProjectJson
{
    public static JsonObject From(Project project) => new()
    {
        ["id"] = project.Id,
        ["org_id"] = project.OrgId,
        ["name"] = project.Name,
        ["description"] = project.Description,
        ["created"] = AccountRowReader.Text(project.Created),
        ["deleted_at"] = null,
        ["user_id"] = null,
        ["settings"] = null,
    };
}
