using System.Text;

namespace Braintrust.Traced.OpenAI.Tests.Fakes;

/// <summary>The bytes of a chat completion event stream that sends <c>pieces</c> one per chunk, as the API does.</summary>
internal static class ChunkStream
{
    public static byte[] Of(IEnumerable<string> pieces, string lineEnd = "\n")
    {
        var sse = new StringBuilder();
        void Event(string json) => sse.Append("data: ").Append(json).Append(lineEnd).Append(lineEnd);
        Event("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""");
        foreach (var piece in pieces)
        {
            Event($$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":{{Quote(piece)}}},"logprobs":null,"finish_reason":null}]}""");
        }

        Event("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""");
        sse.Append("data: [DONE]").Append(lineEnd).Append(lineEnd);
        return Encoding.UTF8.GetBytes(sse.ToString());
    }

    /// <summary>A JSON string that keeps non-ASCII characters as raw UTF-8, as the API sends them.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
