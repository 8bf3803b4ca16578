using Microsoft.Extensions.AI;

namespace Braintrust.Traced.Extensions.AI;

/// <summary>Adds Braintrust tracing to a Microsoft.Extensions.AI chat client pipeline.</summary>
public static class BraintrustChatClientBuilderExtensions
{
    /// <summary>
    /// Records every call through the pipeline as an <c>llm</c> span nested under <see cref="Span.Current"/>, whatever
    /// the provider (OpenAI, Azure OpenAI, Ollama...). Add it last (closest to the provider) to get one span per model
    /// call, e.g. one per round trip of <c>UseFunctionInvocation()</c>; add it first to get one span per user request.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="logger">Where spans go when no span is current; <see cref="BraintrustLogger.Current"/> at call time when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UseBraintrust(this ChatClientBuilder builder, BraintrustLogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new BraintrustChatClient(inner, logger));
    }
}
