using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Live;
using Braintrust.Traced.Server.Storage;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>Validate → check ownership → commit one batch → wake live views. Shared by logs3, insert and feedback.</summary>
internal sealed class IngestService(ILogStore store, ProjectAccess access, SpanChangeNotifier notifier, ILogger<IngestService> logger)
{
    public async Task<WriteOutcome> IngestAsync(IReadOnlyList<RowWrite> rows, CallerIdentity caller, CancellationToken ct)
    {
        await access.EnsureOwnedAsync(rows, caller, ct);
        if (rows.Count == 0)
        {
            return new WriteOutcome(0, []);
        }
        // The commit must not be abandoned half-way because the client hung up: a started batch finishes.
        var outcome = await store.WriteAsync(rows, CancellationToken.None);
        notifier.Publish();
        logger.LogDebug("Committed {RowCount} rows for org {OrgId} as transaction {XactId}", rows.Count, caller.OrgId, outcome.XactId);
        return outcome;
    }

    public Task<WriteOutcome> IngestAsync(JsonNode? rows, string arrayField, string? pathProjectId, bool generateIds,
        CallerIdentity caller, CancellationToken ct)
        => IngestAsync(LogRowParser.Parse(rows, arrayField, pathProjectId, generateIds), caller, ct);
}
