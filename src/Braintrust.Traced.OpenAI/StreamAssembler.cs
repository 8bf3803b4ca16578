using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Rebuilds a streamed answer from its server-sent events as they pass, keeping only what the span needs (the text,
/// tool call arguments, usage), never the chunks themselves.
/// </summary>
internal abstract class StreamAssembler
{
    /// <summary>Usage metrics seen in the stream (the final usage chunk), if any.</summary>
    public Dictionary<string, double>? Metrics { get; protected set; }

    /// <summary>Whether the server said the answer is whole (<c>[DONE]</c>, or a terminal Responses event).</summary>
    public bool IsComplete { get; set; }

    /// <summary>The error the server reported inside the stream, if any.</summary>
    public string? Error { get; protected set; }

    /// <summary>The assembler for <paramref name="endpoint"/>'s event shapes.</summary>
    public static StreamAssembler For(OpenAIEndpoint endpoint, string? secret) => endpoint == OpenAIEndpoint.Responses
        ? new ResponsesStreamAssembler(secret)
        : new ChatStreamAssembler(secret);

    /// <summary>Takes one event's <c>data</c> (a JSON object; <c>[DONE]</c> never reaches here).</summary>
    public abstract void Add(ReadOnlySpan<byte> json);

    /// <summary>The output as the non-streaming API would have returned it, from what arrived so far.</summary>
    public abstract JsonNode? BuildOutput();
}
