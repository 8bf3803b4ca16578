namespace Braintrust.Traced;

/// <summary>
/// Receives batches of rows exactly as they would be posted to Braintrust's <c>logs3</c> endpoint. Set one in
/// <see cref="BraintrustOptions.Exporter"/> to send rows somewhere else (tests, files, another backend).
/// </summary>
/// <remarks>
/// Called from the background shipper, one batch at a time. The rows arrive serialized (UTF-8 JSON, see
/// <see cref="SpanRowBatch"/>) and are valid until the returned task completes: copy what you keep. Throw
/// <see cref="SpanExportException"/> with <see cref="SpanExportException.IsTransient"/> set to have the batch retried;
/// other exceptions (except network errors and timeouts) give the batch up.
/// </remarks>
public interface ISpanExporter
{
    /// <summary>Delivers <paramref name="rows"/>; the task completes once they are stored.</summary>
    Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken);
}
