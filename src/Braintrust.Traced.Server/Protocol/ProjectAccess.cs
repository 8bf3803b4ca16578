using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Diagnostics;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>
/// Confines writes to the caller's org: every project a batch names must belong to it. A project of another org
/// is reported exactly like a missing one (404), so ids of other orgs cannot be probed.
/// </summary>
internal sealed class ProjectAccess(IAccountStore store)
{
    public async Task EnsureOwnedAsync(IReadOnlyList<RowWrite> rows, CallerIdentity caller, CancellationToken ct)
    {
        var checkedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!checkedIds.Add(row.ProjectId))
            {
                continue;
            }
            if (await store.FindProjectAsync(caller.OrgId, row.ProjectId, ct) is null)
            {
                throw new RowValidationException(row.Index, "project_id", $"project '{row.ProjectId}' does not exist in this organization",
                    StatusCodes.Status404NotFound);
            }
        }
    }

    public async Task<Project> RequireAsync(string projectId, CallerIdentity caller, CancellationToken ct)
    {
        using var _ = ServerTiming.Measure("project");
        return await store.FindProjectAsync(caller.OrgId, projectId, ct)
           ?? throw new RowValidationException(null, "project_id", $"project '{projectId}' does not exist in this organization",
               StatusCodes.Status404NotFound);
    }
}
