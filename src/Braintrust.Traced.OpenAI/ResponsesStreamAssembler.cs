using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// Reads Responses API stream events: the terminal <c>response.completed</c> (or <c>incomplete</c>/<c>failed</c>) event
/// carries the whole output and usage; the text deltas are kept only to report what arrived when the caller stops early.
/// </summary>
internal sealed class ResponsesStreamAssembler(string? secret) : StreamAssembler
{
    private readonly StringBuilder _text = new();
    private JsonNode? _output;

    public override void Add(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return;
        }

        switch (typeElement.GetString())
        {
            case "response.output_text.delta":
                if (root.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.String)
                {
                    _text.Append(delta.GetString());
                }

                break;
            case "response.completed" or "response.incomplete" or "response.failed":
                IsComplete = true;
                if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object)
                {
                    if (response.TryGetProperty("output", out var output))
                    {
                        _output = JsonNode.Parse(output.GetRawText());
                    }

                    if (response.TryGetProperty("usage", out var usage))
                    {
                        Metrics = UsageMetrics.From(usage);
                    }

                    if (response.TryGetProperty("error", out var failure) && failure.ValueKind == JsonValueKind.Object)
                    {
                        Error = OpenAIErrorDescription.DescribeStreamError(failure, secret);
                    }
                }

                break;
            case "error":
                Error = OpenAIErrorDescription.DescribeStreamError(root, secret);
                break;
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
}
