using System.ClientModel.Primitives;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// A System.ClientModel pipeline policy that records OpenAI chat completion, Responses and embedding calls as
/// <c>llm</c> spans and lets every other request through untouched. <see cref="BraintrustOpenAI.WrapOpenAI{TOptions}"/>
/// adds it for you; add it yourself (at <see cref="PipelinePosition.PerCall"/>) only when building a custom pipeline.
/// </summary>
public sealed class BraintrustOpenAIPolicy : PipelinePolicy
{
    private readonly BraintrustLogger? _logger;

    /// <summary>Creates the policy.</summary>
    /// <param name="logger">Where spans go when no span is current; <see cref="BraintrustLogger.Current"/> at call time when <see langword="null"/>.</param>
    public BraintrustOpenAIPolicy(BraintrustLogger? logger = null)
    {
        _logger = logger;
    }

    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        var call = LlmCall.TryStart(message, _logger);
        if (call is null)
        {
            ProcessNext(message, pipeline, currentIndex);
            return;
        }

        try
        {
            ProcessNext(message, pipeline, currentIndex);
        }
        catch (Exception exception)
        {
            call.Fail(exception);
            throw;
        }

        call.Observe(message);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        var call = LlmCall.TryStart(message, _logger);
        if (call is null)
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            return;
        }

        try
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            call.Fail(exception);
            throw;
        }

        if (message.Response is { IsError: true, } response && !message.BufferResponse)
        {
            // A failed streaming request: read its small error body now without blocking a thread, so Observe can report it.
            await response.BufferContentAsync(message.CancellationToken).ConfigureAwait(false);
        }

        call.Observe(message);
    }
}
