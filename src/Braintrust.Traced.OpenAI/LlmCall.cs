using System.ClientModel.Primitives;
using System.Diagnostics;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// One traced OpenAI call: the llm span and what it needs to finish it once the response (or the end of its stream)
/// is known. Holds the caller's bearer token in memory only to scrub it from error text; it is never logged.
/// </summary>
internal sealed class LlmCall : IEventStreamSpan
{
    private readonly Span _span;
    private readonly OpenAIEndpoint _endpoint;
    private readonly PipelineRequest _request;
    private readonly LlmCallValues _values;
    private string? _secret;
    private readonly long _startTimestamp;
    private int _finished;

    private LlmCall(Span span, OpenAIEndpoint endpoint, PipelineRequest request, LlmCallValues values)
    {
        _span = span;
        _endpoint = endpoint;
        _request = request;
        _values = values;
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts a span for a traced request, or returns <see langword="null"/> for any other request or when tracing is off.</summary>
    public static LlmCall? TryStart(PipelineMessage message, BraintrustLogger? logger)
    {
        if (OpenAIEndpoints.Match(message.Request) is not { } endpoint)
        {
            return null;
        }

        var span = Span.StartDetached(OpenAIEndpoints.SpanName(endpoint), SpanType.Llm, logger);
        if (span is null)
        {
            return null;
        }

        // Input and metadata are read from these bytes on the shipper's worker, not here (see LlmCallValues).
        var values = new LlmCallValues(endpoint, OpenAIRequestBody.Capture(message.Request));
        span.LogDeferred(values);
        return new LlmCall(span, endpoint, message.Request, values);
    }

    /// <summary>Records an exception from the pipeline (network failure, timeout, cancellation) and ends the span.</summary>
    public void Fail(Exception exception)
    {
        ReadSecret();
        if (exception is OperationCanceledException)
        {
            // Cancelling is the caller's choice, not a model failure: keep `error` (shown as a failure) empty.
            Finish(metadata: new Dictionary<string, object?> { ["cancelled"] = true });
            return;
        }

        Finish(error: OpenAIErrorDescription.Scrub($"{exception.GetType().Name}: {exception.Message}", _secret));
    }

    /// <summary>Reads the response: ends the span now, or, for a stream, hands the span to the stream the caller reads.</summary>
    public void Observe(PipelineMessage message)
    {
        if (message.Response is not { } response)
        {
            Finish();
            return;
        }

        if (response.IsError || response.Status >= 400)
        {
            ReadSecret();
            Finish(
                error: OpenAIErrorDescription.Describe(response.Status, ReadBuffered(response), _secret),
                metadata: new Dictionary<string, object?> { ["http_status"] = response.Status });
            return;
        }

        var isEventStream = IsEventStream(response);
        if (isEventStream)
        {
            // A stream can still carry an error event: its assembler scrubs the key from it. A complete JSON answer
            // logs no error text, so it skips parsing the Authorization header.
            ReadSecret();
        }

        if (isEventStream && !message.BufferResponse && response.ContentStream is { } network)
        {
            // Observe the stream as the caller reads it: nothing is buffered and no chunk waits for the span.
            response.ContentStream = new ObservedEventStream(network, StreamAssembler.For(_endpoint, _secret), this);
            return;
        }

        if (isEventStream)
        {
            // A stream the client buffered (a protocol-method caller): the same parsing, all of it left to the worker.
            var parser = new DeferredEventParser(StreamAssembler.For(_endpoint, _secret));
            parser.Accept(response.Content.ToMemory().Span);
            parser.CloseSoon(streamEnded: true);
            FinishStream(new EndedStream(parser, parser.Assembler, streamEnded: true, firstEventTimestamp: null, readError: null));
            return;
        }

        if (!message.BufferResponse)
        {
            // A protocol-method caller asked for the raw stream of a JSON answer: reading it here would consume it.
            Finish();
            return;
        }

        _values.KeepResponse(response.Content);
        Finish();
    }

    /// <summary>
    /// Ends the span of a stream: when it was read to the end, disposed half way, or failed while being read. The rest
    /// of the stream's parsing and the output are left to the shipper's worker (see <see cref="LlmCallValues"/>).
    /// </summary>
    public void FinishStream(EndedStream stream)
    {
        double? timeToFirstToken = stream.FirstEventTimestamp is { } arrived
            ? Stopwatch.GetElapsedTime(_startTimestamp, arrived).TotalSeconds // seconds from sending the request to the first event
            : null;
        var readError = stream.ReadError is { } failure
            ? OpenAIErrorDescription.Scrub($"{failure.GetType().Name}: {failure.Message}", _secret)
            : null;
        _values.KeepStream(stream, timeToFirstToken, readError);
        Finish();
    }

    private void Finish(
        object? output = null,
        IReadOnlyDictionary<string, double>? metrics = null,
        IReadOnlyDictionary<string, object?>? metadata = null,
        string? error = null)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        _span.Log(output: output, metrics: metrics is { Count: > 0 } ? metrics : null, metadata: metadata, error: error);
        _span.End();
    }

    private static bool IsEventStream(PipelineResponse response) =>
        response.Headers.TryGetValue("Content-Type", out var type)
        && type is not null
        && type.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private static BinaryData? ReadBuffered(PipelineResponse response)
    {
        try
        {
            return response.BufferContent();
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or HttpRequestException)
        {
            // The body could not be read: the status alone still says what went wrong.
            return null;
        }
    }

    /// <summary>
    /// The authentication policy runs per try, after this per-call policy, so the key is only on the request once the
    /// pipeline has run: read it then, to know what to scrub.
    /// </summary>
    private void ReadSecret() => _secret ??= BearerToken(_request);

    private static string? BearerToken(PipelineRequest request)
    {
        if (request.Headers.TryGetValue("Authorization", out var value) && value is not null && CredentialOf(value) is { } parameter)
        {
            return parameter;
        }

        // Azure OpenAI and some proxies send the key in its own header.
        return request.Headers.TryGetValue("api-key", out var key) && !string.IsNullOrEmpty(key) ? key : null;
    }

    /// <summary>
    /// The credential of an <c>Authorization</c> value (<c>scheme credential</c>, e.g. <c>Bearer sk-...</c>). Split by
    /// hand: every streamed call reads it, and <c>AuthenticationHeaderValue.TryParse</c> costs a parser and objects.
    /// </summary>
    private static string? CredentialOf(string authorization)
    {
        var value = authorization.AsSpan().Trim();
        var space = value.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return null;
        }

        var credential = value[(space + 1)..].Trim();
        return credential.IsEmpty ? null : credential.ToString();
    }
}
