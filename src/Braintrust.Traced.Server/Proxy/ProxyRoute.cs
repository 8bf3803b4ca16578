namespace Braintrust.Traced.Server.Proxy;

/// <summary>One OpenAI-compatible operation the proxy forwards: its path below the provider's base URL and its span name.</summary>
internal sealed record ProxyRoute(string Path, string SpanName)
{
    public static readonly ProxyRoute ChatCompletions = new("chat/completions", "Chat Completion");
    public static readonly ProxyRoute Completions = new("completions", "Completion");
    public static readonly ProxyRoute Embeddings = new("embeddings", "Embedding");
    public static readonly ProxyRoute Models = new("models", "Models");
}
