using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Assembles <c>chat.completion.chunk</c> events into the <c>choices</c> of a chat completion. Chunks are walked with a
/// <see cref="Utf8JsonReader"/>: content deltas are copied into the message builders without a string or a document per
/// chunk, which keeps the per-chunk cost to the text kept.
/// </summary>
internal sealed class ChatStreamAssembler(string? secret) : StreamAssembler
{
    private readonly SortedDictionary<int, ChoiceBuilder> _choices = [];
    private ChoiceBuilder? _lastChoice;
    private int _lastChoiceIndex;

    public override void Add(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonText.Is(ref reader, "choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader);
            }
            else if (JsonText.Is(ref reader, "usage"u8))
            {
                reader.Read();
                // With stream_options.include_usage the last chunk has empty choices and the usage of the whole call.
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    // As an element, not a node: the node version builds a node per property it is asked for.
                    Metrics = UsageMetrics.From(JsonElement.ParseValue(ref reader));
                }
            }
            else if (JsonText.Is(ref reader, "error"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    Error = OpenAIErrorDescription.DescribeStreamError(JsonElement.ParseValue(ref reader), secret);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    public override JsonNode? BuildOutput() =>
        _choices.Count == 0 ? null : new JsonArray([.. _choices.Values.Select(choice => (JsonNode)choice.Build())]);

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadChoice(ref reader);
        }
    }

    private void ReadChoice(ref Utf8JsonReader reader)
    {
        // "index" comes first in the API's chunks; the choice builder is found once it is known.
        var index = 0;
        ChoiceBuilder? builder = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonText.Is(ref reader, "index"u8))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n : 0;
                builder = null;
            }
            else if (JsonText.Is(ref reader, "finish_reason"u8))
            {
                reader.Read();
                if (JsonText.StringOrNull(ref reader) is { } reason)
                {
                    (builder ??= Choice(index)).FinishReason = reason;
                }
            }
            else if (JsonText.Is(ref reader, "delta"u8))
            {
                reader.Read();
                ReadDelta(ref reader, builder ??= Choice(index));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ChoiceBuilder builder)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonText.Is(ref reader, "content"u8))
            {
                reader.Read();
                JsonText.AppendTo(ref reader, builder.Content);
            }
            else if (JsonText.Is(ref reader, "role"u8))
            {
                reader.Read();
                builder.Role = JsonText.StringOrNull(ref reader) ?? builder.Role;
            }
            else if (JsonText.Is(ref reader, "refusal"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    JsonText.AppendTo(ref reader, builder.Refusal);
                }
            }
            else if (JsonText.Is(ref reader, "tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, builder);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, ChoiceBuilder builder)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ToolCallBuilder? call = null;
            var toolIndex = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (JsonText.Is(ref reader, "index"u8))
                {
                    reader.Read();
                    toolIndex = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n : 0;
                    call = null;
                }
                else if (JsonText.Is(ref reader, "id"u8))
                {
                    reader.Read();
                    call ??= builder.ToolCall(toolIndex);
                    call.Id = JsonText.StringOrNull(ref reader) ?? call.Id;
                }
                else if (JsonText.Is(ref reader, "type"u8))
                {
                    reader.Read();
                    call ??= builder.ToolCall(toolIndex);
                    call.Type = JsonText.StringOrNull(ref reader) ?? call.Type;
                }
                else if (JsonText.Is(ref reader, "function"u8))
                {
                    reader.Read();
                    ReadFunction(ref reader, call ??= builder.ToolCall(toolIndex));
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ToolCallBuilder call)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonText.Is(ref reader, "name"u8))
            {
                reader.Read();
                call.Name = JsonText.StringOrNull(ref reader) ?? call.Name;
            }
            else if (JsonText.Is(ref reader, "arguments"u8))
            {
                reader.Read();
                JsonText.AppendTo(ref reader, call.Arguments);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private ChoiceBuilder Choice(int index)
    {
        // Nearly every chunk is for the same choice as the one before: skip the sorted lookup then.
        if (_lastChoice is { } last && _lastChoiceIndex == index)
        {
            return last;
        }

        if (!_choices.TryGetValue(index, out var builder))
        {
            builder = new ChoiceBuilder(index);
            _choices[index] = builder;
        }

        (_lastChoice, _lastChoiceIndex) = (builder, index);
        return builder;
    }
}
