namespace Braintrust.Traced.OpenAI;

/// <summary>
/// The span values of a traced call that come from its request and response bodies. The caller's path only keeps the
/// bytes (the request the transport sends, the response the client already buffered); the shipper's worker parses them
/// when it writes the row, so a traced call does not wait for its own logging.
/// </summary>
internal sealed class LlmCallValues(OpenAIEndpoint endpoint, ReadOnlyMemory<byte> requestBody) : IDeferredSpanLog
{
    // Set once, before the span ends; read on the worker after it was queued (the queue orders the two).
    private BinaryData? _responseBody;

    /// <summary>Keeps a complete JSON response for the worker to read output and metrics from.</summary>
    /// <param name="body">The buffered response: immutable, and not returned to any pool, so it can be kept.</param>
    public void KeepResponse(BinaryData body) => _responseBody = body;

    public SpanLogValues Resolve()
    {
        var request = OpenAIRequest.Read(requestBody, endpoint);
        if (_responseBody is not { } body)
        {
            return new SpanLogValues(Input: request.Input, Metadata: request.Metadata);
        }

        var (output, metrics) = OpenAIResponseReader.Read(endpoint, body);
        return new SpanLogValues(request.Input, output, request.Metadata, metrics);
    }
}
