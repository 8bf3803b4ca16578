using System.ClientModel.Primitives;

namespace Braintrust.Traced.OpenAI;

/// <summary>Recognizes traced operations from the request line, and names their spans the way Braintrust's SDKs do.</summary>
internal static class OpenAIEndpoints
{
    /// <summary>The traced operation <paramref name="request"/> performs, or <see langword="null"/> for any other request.</summary>
    public static OpenAIEndpoint? Match(PipelineRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase) || request.Uri is not { } uri)
        {
            return null;
        }

        // Match the path's end: the endpoint may add a prefix (/v1, an Azure deployment path, a proxy's route).
        var path = uri.AbsolutePath.AsSpan().TrimEnd('/');
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            return OpenAIEndpoint.ChatCompletions;
        }

        if (path.EndsWith("/responses", StringComparison.Ordinal))
        {
            return OpenAIEndpoint.Responses;
        }

        if (path.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            return OpenAIEndpoint.Embeddings;
        }

        return null;
    }

    /// <summary>The span name, matching what Braintrust's Python and TypeScript <c>wrap_openai</c> write.</summary>
    public static string SpanName(OpenAIEndpoint endpoint) => endpoint switch
    {
        OpenAIEndpoint.ChatCompletions => "Chat Completion",
        OpenAIEndpoint.Responses => "openai.responses.create",
        OpenAIEndpoint.Embeddings => "Embedding",
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown OpenAI endpoint."),
    };
}
