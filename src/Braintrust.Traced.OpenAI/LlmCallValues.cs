namespace Braintrust.Traced.OpenAI;

/// <summary>
/// The span values of a traced call that come from its request and response bodies. The caller's path only keeps the
/// bytes (the request the transport sends, the response the client already buffered, the stream's unparsed tail); the
/// shipper's worker parses them when it writes the row, so a traced call does not wait for its own logging.
/// </summary>
internal sealed class LlmCallValues(OpenAIEndpoint endpoint, ReadOnlyMemory<byte> requestBody) : IDeferredSpanLog
{
    // Set once, before the span ends; read on the worker after the span was queued (the queue orders the two).
    private BinaryData? _responseBody;
    private EndedStream? _stream;
    private double? _timeToFirstToken;
    private string? _streamReadError;

    /// <summary>Keeps a complete JSON response for the worker to read output and metrics from.</summary>
    /// <param name="body">The buffered response: immutable, and not returned to any pool, so it can be kept.</param>
    public void KeepResponse(BinaryData body) => _responseBody = body;

    /// <summary>Keeps an ended stream for the worker to finish assembling.</summary>
    /// <param name="stream">How the stream ended.</param>
    /// <param name="timeToFirstToken">Seconds from sending the request to the first event, if one arrived.</param>
    /// <param name="readError">The read failure that ended it, already scrubbed of the key.</param>
    public void KeepStream(EndedStream stream, double? timeToFirstToken, string? readError)
    {
        _stream = stream;
        _timeToFirstToken = timeToFirstToken;
        _streamReadError = readError;
    }

    public SpanLogValues Resolve()
    {
        var request = OpenAIRequest.Read(requestBody, endpoint);
        if (_stream is { } stream)
        {
            return StreamValues(request, stream);
        }

        if (_responseBody is { } body)
        {
            var (output, metrics) = OpenAIResponseReader.Read(endpoint, body);
            return new SpanLogValues(request.Input, output, request.Metadata, metrics);
        }

        return new SpanLogValues(Input: request.Input, Metadata: request.Metadata);
    }

    private SpanLogValues StreamValues(OpenAIRequest request, EndedStream stream)
    {
        stream.Complete();
        var assembler = stream.Assembler;
        var metrics = assembler.Metrics ?? new Dictionary<string, double>(StringComparer.Ordinal);
        if (_timeToFirstToken is { } seconds)
        {
            metrics["time_to_first_token"] = seconds;
        }

        if (!stream.Completed && _streamReadError is null)
        {
            // The caller stopped reading before the server finished: the output is what arrived until then.
            request.Metadata["stopped_early"] = true;
        }

        return new SpanLogValues(
            request.Input,
            assembler.BuildOutput(),
            request.Metadata,
            metrics.Count == 0 ? null : metrics,
            _streamReadError ?? assembler.Error);
    }
}
