using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Reads Responses API stream events: the terminal <c>response.completed</c> (or <c>incomplete</c>/<c>failed</c>) event
/// carries the whole output and usage; the text deltas are kept only to report what arrived when the caller stops early.
/// Events are walked with a <see cref="Utf8JsonReader"/> (one pass for the type, one for the payload), so a delta costs
/// no document and no string.
/// </summary>
internal sealed class ResponsesStreamAssembler(string? secret) : StreamAssembler
{
    private readonly StringBuilder _text = new();
    private JsonNode? _output;

    private enum EventKind
    {
        Other,
        TextDelta,
        Terminal,
        Error,
    }

    public override void Add(ReadOnlySpan<byte> json)
    {
        var kind = KindOf(json);
        if (kind == EventKind.Other)
        {
            return;
        }

        if (kind == EventKind.Error)
        {
            var errorReader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref errorReader);
            Error = OpenAIErrorDescription.DescribeStreamError(document.RootElement, secret);
            return;
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (kind == EventKind.TextDelta && JsonText.Is(ref reader, "delta"u8))
            {
                reader.Read();
                JsonText.AppendTo(ref reader, _text);
            }
            else if (kind == EventKind.Terminal && JsonText.Is(ref reader, "response"u8))
            {
                reader.Read();
                IsComplete = true;
                ReadResponse(JsonNode.Parse(ref reader));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    public override JsonNode? BuildOutput()
    {
        if (_output is not null)
        {
            return _output;
        }

        if (_text.Length == 0)
        {
            return null;
        }

        var content = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = _text.ToString() });
        return new JsonArray(new JsonObject { ["type"] = "message", ["role"] = "assistant", ["content"] = content });
    }

    private static EventKind KindOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return EventKind.Other;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!JsonText.Is(ref reader, "type"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            if (reader.ValueTextEquals("response.output_text.delta"u8))
            {
                return EventKind.TextDelta;
            }

            if (reader.ValueTextEquals("response.completed"u8) || reader.ValueTextEquals("response.incomplete"u8) || reader.ValueTextEquals("response.failed"u8))
            {
                return EventKind.Terminal;
            }

            return reader.ValueTextEquals("error"u8) ? EventKind.Error : EventKind.Other;
        }

        return EventKind.Other;
    }

    private void ReadResponse(JsonNode? response)
    {
        if (response is not JsonObject body)
        {
            return;
        }

        _output = body["output"];
        Metrics = UsageMetrics.From(body["usage"]);
        if (body["error"] is JsonObject failure)
        {
            using var document = JsonDocument.Parse(failure.ToJsonString());
            Error = OpenAIErrorDescription.DescribeStreamError(document.RootElement, secret);
        }
    }
}
