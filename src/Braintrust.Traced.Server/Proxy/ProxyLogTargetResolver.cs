using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Reads <c>x-bt-parent</c> as Braintrust's proxy does: <c>project_name:&lt;name&gt;</c> (created on first use, like
/// the SDKs' project registration), <c>project_id:&lt;id&gt;</c>, or an exported span. Only projects of the caller's
/// org are reachable; another org's project reads as unknown.
/// </summary>
internal sealed class ProxyLogTargetResolver(IAccountStore accounts)
{
    public async Task<ProxyLogTarget?> ResolveAsync(string header, CallerIdentity caller, CancellationToken ct)
    {
        header = header.Trim();
        if (header.Length == 0)
        {
            return null;
        }
        if (header.StartsWith("project_name:", StringComparison.Ordinal))
        {
            var name = header["project_name:".Length..].Trim();
            if (name.Length == 0)
            {
                throw ProxyError.InvalidRequest(ProxyHeaders.Parent, "project_name: needs a project name");
            }
            return new ProxyLogTarget((await accounts.GetOrCreateProjectAsync(caller.OrgId, name, null, ct)).Id, null, null);
        }
        if (header.StartsWith("project_id:", StringComparison.Ordinal))
        {
            return new ProxyLogTarget(await RequireProjectAsync(header["project_id:".Length..].Trim(), caller, ct), null, null);
        }
        var exported = ExportedSpanParent.TryParse(header)
            ?? throw ProxyError.InvalidRequest(ProxyHeaders.Parent,
                "must be project_name:<name>, project_id:<id> or a span exported with span.Export()");
        var projectId = exported.ProjectId is { } id
            ? await RequireProjectAsync(id, caller, ct)
            : (await accounts.GetOrCreateProjectAsync(caller.OrgId, exported.ProjectName!, null, ct)).Id;
        return new ProxyLogTarget(projectId, exported.SpanId, exported.RootSpanId);
    }

    private async Task<string> RequireProjectAsync(string projectId, CallerIdentity caller, CancellationToken ct)
        => (await accounts.FindProjectAsync(caller.OrgId, projectId, ct))?.Id
           ?? throw ProxyError.InvalidRequest(ProxyHeaders.Parent, $"project '{projectId}' does not exist in this organization", 404);
}
