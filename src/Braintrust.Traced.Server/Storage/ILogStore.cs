namespace Braintrust.Traced.Server.Storage;

/// <summary>Row ingestion with Braintrust merge semantics, and raw paged reads.</summary>
public interface ILogStore
{
    /// <summary>
    /// Applies a batch in ONE transaction: either every row is committed (and durable when this returns) or none is.
    /// Project ids must already be checked against the caller's org.
    /// </summary>
    Task<WriteOutcome> WriteAsync(IReadOnlyList<RowWrite> rows, CancellationToken ct);

    /// <summary>Visible span rows of a project, newest insertion first, keyset-paged by insertion sequence.</summary>
    Task<FetchPage> FetchAsync(string projectId, int limit, long? beforeSeq, CancellationToken ct);
}
