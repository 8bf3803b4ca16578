namespace Braintrust.Traced.OpenAI;

/// <summary>The OpenAI operations that become llm spans; every other request passes through untraced.</summary>
internal enum OpenAIEndpoint
{
    /// <summary><c>POST /chat/completions</c>.</summary>
    ChatCompletions,

    /// <summary><c>POST /responses</c> (the Responses API).</summary>
    Responses,

    /// <summary><c>POST /embeddings</c>.</summary>
    Embeddings,
}
