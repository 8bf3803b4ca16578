using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>Assembles <c>chat.completion.chunk</c> events into the <c>choices</c> of a chat completion.</summary>
internal sealed class ChatStreamAssembler(string? secret) : StreamAssembler
{
    private readonly SortedDictionary<int, ChoiceBuilder> _choices = [];

    public override void Add(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            Error = OpenAIErrorDescription.DescribeStreamError(error, secret);
        }

        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                AddChoice(choice);
            }
        }

        // With stream_options.include_usage the last chunk has empty choices and the usage of the whole call.
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            Metrics = UsageMetrics.From(usage);
        }
    }

    public override JsonNode? BuildOutput() =>
        _choices.Count == 0 ? null : new JsonArray([.. _choices.Values.Select(choice => (JsonNode)choice.Build())]);

    private void AddChoice(JsonElement choice)
    {
        var index = choice.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
        if (!_choices.TryGetValue(index, out var builder))
        {
            builder = new ChoiceBuilder(index);
            _choices[index] = builder;
        }

        if (Text(choice, "finish_reason") is { } reason)
        {
            builder.FinishReason = reason;
        }

        if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        builder.Role = Text(delta, "role") ?? builder.Role;
        if (Text(delta, "content") is { } content)
        {
            builder.AppendContent(content);
        }

        if (Text(delta, "refusal") is { } refusal)
        {
            builder.AppendRefusal(refusal);
        }

        if (delta.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
        {
            foreach (var toolCall in toolCalls.EnumerateArray())
            {
                var toolIndex = toolCall.TryGetProperty("index", out var t) && t.TryGetInt32(out var m) ? m : 0;
                var call = builder.ToolCall(toolIndex);
                call.Id = Text(toolCall, "id") ?? call.Id;
                call.Type = Text(toolCall, "type") ?? call.Type;
                if (toolCall.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
                {
                    call.Name = Text(function, "name") ?? call.Name;
                    call.AppendArguments(Text(function, "arguments"));
                }
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
