using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using OpenAI;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Traces the official OpenAI .NET client (the .NET counterpart of Braintrust's <c>wrap_openai</c>): every chat
/// completion (plain, streaming, with tool calls), Responses API call and embedding request made by a client built with
/// the returned options becomes an <c>llm</c> span nested under <see cref="Span.Current"/>.
/// </summary>
/// <example>
/// <code>
/// var options = BraintrustOpenAI.WrapOpenAI();              // or: myOptions.WrapOpenAI()
/// var chat = new ChatClient("gpt-4o-mini", apiKey, options);
/// var reply = await chat.CompleteChatAsync("Hello");     // logged as an llm span
/// </code>
/// </example>
/// <remarks>
/// No monkey patching: a <see cref="BraintrustOpenAIPolicy"/> is added to the options' pipeline, where it sees each
/// request and response (streams included) after the client serialized it, so every client created from the options, and
/// every sub-client of an <see cref="OpenAIClient"/> created from them, is traced.
/// </remarks>
public static class BraintrustOpenAI
{
    // Options cannot list their policies, so remember which ones were wrapped: wrapping twice must not log each call twice.
    private static readonly ConditionalWeakTable<ClientPipelineOptions, BraintrustOpenAIPolicy> s_wrapped = [];

    /// <summary>New <see cref="OpenAIClientOptions"/> whose clients trace every call.</summary>
    /// <param name="logger">Where spans go when no span is current; <see cref="BraintrustLogger.Current"/> at call time when <see langword="null"/>.</param>
    public static OpenAIClientOptions WrapOpenAI(BraintrustLogger? logger = null) => new OpenAIClientOptions().WrapOpenAI(logger);

    /// <summary>
    /// Adds tracing to <paramref name="options"/> (an <see cref="OpenAIClientOptions"/>, a <c>ResponsesClientOptions</c>, ...)
    /// and returns them. Call it before constructing a client: the client freezes its options.
    /// Wrapping the same options again does nothing.
    /// </summary>
    /// <param name="options">The options to construct clients with.</param>
    /// <param name="logger">Where spans go when no span is current; <see cref="BraintrustLogger.Current"/> at call time when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The options are already frozen by a client built from them.</exception>
    public static TOptions WrapOpenAI<TOptions>(this TOptions options, BraintrustLogger? logger = null)
        where TOptions : ClientPipelineOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (s_wrapped)
        {
            if (s_wrapped.TryGetValue(options, out _))
            {
                return options;
            }

            var policy = new BraintrustOpenAIPolicy(logger);
            // Per call, i.e. outside the retry policy: one span per user call, however many attempts it took.
            options.AddPolicy(policy, PipelinePosition.PerCall);
            s_wrapped.Add(options, policy);
        }

        return options;
    }
}
