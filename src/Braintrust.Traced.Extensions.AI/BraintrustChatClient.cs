using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Braintrust.Traced.Extensions.AI;

/// <summary>
/// An <see cref="IChatClient"/> middleware that records each call to the inner client as an <c>llm</c> span nested under
/// <see cref="Span.Current"/>: the messages, the options as metadata, the response, token usage and, for streams, the
/// time to the first update. Added by <see cref="BraintrustChatClientBuilderExtensions.UseBraintrust"/>.
/// </summary>
public sealed class BraintrustChatClient : DelegatingChatClient
{
    private const string SpanName = "Chat Completion";

    private readonly BraintrustLogger? _logger;
    private ChatClientMetadata? _clientMetadata;
    private bool _clientMetadataRead;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client whose calls are traced.</param>
    /// <param name="logger">Where spans go when no span is current; <see cref="BraintrustLogger.Current"/> at call time when <see langword="null"/>.</param>
    public BraintrustChatClient(IChatClient innerClient, BraintrustLogger? logger = null)
        : base(innerClient)
    {
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var span = Start(ref messages, options);
        if (span is null)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(span, exception);
            throw;
        }

        Complete(span, response, firstUpdateSeconds: null, stoppedEarly: false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var span = Start(ref messages, options);
        if (span is null)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var started = Stopwatch.GetTimestamp();
        double? firstUpdateSeconds = null;
        var updates = new StreamedResponse();
        var failed = false;
        var exhausted = false;
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        try
        {
            enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception exception)
        {
            Fail(span, exception);
            throw;
        }

        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    failed = true;
                    Fail(span, exception);
                    throw;
                }

                if (!moved)
                {
                    exhausted = true;
                    break;
                }

                firstUpdateSeconds ??= Stopwatch.GetElapsedTime(started).TotalSeconds;
                updates.Add(enumerator.Current);
                yield return enumerator.Current;
            }
        }
        finally
        {
            // Runs when the stream ends and also when the caller stops enumerating half way (DisposeAsync).
            try
            {
                if (!failed)
                {
                    Complete(span, updates.ToChatResponse(), firstUpdateSeconds, stoppedEarly: !exhausted);
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts the span and logs the request; <see langword="null"/> when tracing is off.</summary>
    private Span? Start(ref IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var span = Span.StartDetached(SpanName, SpanType.Llm, _logger);
        if (span is null)
        {
            return null;
        }

        // The messages may be a one-shot enumerable: read them once and pass the same list on.
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        messages = list;
        span.Log(input: ChatMessageJson.Messages(list), metadata: ChatOptionsMetadata.From(options, ClientMetadata()));
        return span;
    }

    private static void Complete(Span span, ChatResponse response, double? firstUpdateSeconds, bool stoppedEarly)
    {
        var metrics = ChatUsageMetrics.From(response.Usage);
        if (firstUpdateSeconds is { } seconds)
        {
            metrics["time_to_first_token"] = seconds;
        }

        Dictionary<string, object?>? metadata = null;
        if (stoppedEarly)
        {
            metadata = new Dictionary<string, object?>(StringComparer.Ordinal) { ["stopped_early"] = true };
        }

        span.Log(output: ChatMessageJson.Choices(response), metrics: metrics.Count == 0 ? null : metrics, metadata: metadata);
        span.End();
    }

    private static void Fail(Span span, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            // Cancelling is the caller's choice, not a model failure: keep `error` (shown as a failure) empty.
            span.Log(metadata: new Dictionary<string, object?>(StringComparer.Ordinal) { ["cancelled"] = true });
        }
        else
        {
            span.Log(error: exception);
        }

        span.End();
    }

    private ChatClientMetadata? ClientMetadata()
    {
        if (!_clientMetadataRead)
        {
            _clientMetadata = InnerClient.GetService<ChatClientMetadata>();
            _clientMetadataRead = true;
        }

        return _clientMetadata;
    }
}
