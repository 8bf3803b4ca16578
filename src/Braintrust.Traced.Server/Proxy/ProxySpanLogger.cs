using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Protocol;
using Braintrust.Traced.Server.Storage;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Stores a proxied call's span through the same ingestion path as logs3 (org check, one durable batch, live
/// views woken). A failed log write is reported in the server log but never fails the caller's LLM call.
/// </summary>
internal sealed class ProxySpanLogger(IngestService ingest, ILogger<ProxySpanLogger> logger)
{
    public async Task LogAsync(ProxyLogTarget target, System.Text.Json.Nodes.JsonObject row, CallerIdentity caller)
    {
        try
        {
            var write = new RowWrite(0, target.ProjectId, "g", Guid.NewGuid().ToString(), RowWriteKind.Replace, row);
            await ingest.IngestAsync([write], caller, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not log a proxied call into project {ProjectId} for org {OrgId}", target.ProjectId, caller.OrgId);
        }
    }
}
