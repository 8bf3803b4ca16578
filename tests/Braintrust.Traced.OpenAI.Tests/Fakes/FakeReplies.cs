using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI.Tests.Fakes;

/// <summary>The fixed answers of the fake server, shared by the server and the tests that check them.</summary>
internal static class FakeReplies
{
    /// <summary>The assistant's text, streamed word by word.</summary>
    public const string Text = "Hello from the fake model.";

    /// <summary>Text with 2-, 3- and 4-byte UTF-8 characters, for streams cut inside characters.</summary>
    public const string UnicodeText = "Héllo wörld, ça va? ✓ 日本語 🚀🎉 done.";

    /// <summary>How many content chunks the <c>long-stream</c> model sends.</summary>
    public const int LongStreamChunks = 5000;

    /// <summary>The answer after a tool result came back.</summary>
    public const string AfterTool = "It is sunny in Paris.";

    public const string ToolCallId = "call_weather_1";

    public const string ToolName = "get_weather";

    public const string ToolArguments = """{"city":"Paris","unit":"celsius"}""";

    public const int PromptTokens = 12;

    public const int CompletionTokens = 6;

    public const int EmbeddingDimensions = 8;

    /// <summary>The text split the way the server streams it: each piece is one chunk.</summary>
    public static string[] Pieces(string text) => [.. text.Split(' ').Select((word, i) => i == 0 ? word : " " + word)];

    /// <summary>The pieces the <c>long-stream</c> model sends, one per chunk.</summary>
    public static string[] LongStreamPieces() => [.. Enumerable.Range(0, LongStreamChunks).Select(i => $"token{i} ")];

    public static JsonObject ChatUsage() => new()
    {
        ["prompt_tokens"] = PromptTokens,
        ["completion_tokens"] = CompletionTokens,
        ["total_tokens"] = PromptTokens + CompletionTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 4, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = 0,
            ["audio_tokens"] = 0,
            ["accepted_prediction_tokens"] = 0,
            ["rejected_prediction_tokens"] = 0,
        },
    };

    public static JsonObject ResponsesUsage() => new()
    {
        ["input_tokens"] = PromptTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = CompletionTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = PromptTokens + CompletionTokens,
    };
}
