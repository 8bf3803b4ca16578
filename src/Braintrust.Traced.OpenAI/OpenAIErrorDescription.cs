using System.Text.Json;

namespace Braintrust.Traced.OpenAI;

/// <summary>
/// The span's <c>error</c> text for a failed call: the HTTP status and the API's <c>{"error":{message,type,code}}</c>
/// body, with the caller's API key scrubbed out (OpenAI-compatible servers may echo a rejected key back in 401 messages).
/// </summary>
internal static class OpenAIErrorDescription
{
    private const string Redacted = "[redacted]";

    /// <summary>Describes an error response, e.g. <c>OpenAI API error: HTTP 429 (rate_limit_exceeded): Rate limit reached</c>.</summary>
    public static string Describe(int status, BinaryData? body, string? secret)
    {
        var (message, code) = ReadErrorBody(body);
        var detail = code is null ? string.Empty : $" ({code})";
        var text = message is null ? $"OpenAI API error: HTTP {status}{detail}" : $"OpenAI API error: HTTP {status}{detail}: {message}";
        return Scrub(text, secret);
    }

    /// <summary>Describes an <c>error</c> object sent inside a stream (the server failed after the 200 status line).</summary>
    public static string DescribeStreamError(JsonElement error, string? secret)
    {
        var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : error.ToString();
        var code = CodeOf(error);
        var detail = code is null ? string.Empty : $" ({code})";
        return Scrub($"OpenAI API error in stream{detail}: {message}", secret);
    }

    /// <summary>Replaces every occurrence of <paramref name="secret"/> in <paramref name="text"/>.</summary>
    public static string Scrub(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Redacted, StringComparison.Ordinal);

    private static (string? Message, string? Code) ReadErrorBody(BinaryData? body)
    {
        if (body is null || body.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (error.GetString(), null);
                }

                var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                    ? m.GetString()
                    : null;
                return (message, CodeOf(error));
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: fall through and report the start of the text itself.
        }

        var raw = body.ToString();
        return (raw.Length > 500 ? raw[..500] + "…" : raw, null);
    }

    private static string? CodeOf(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["code", "type"])
        {
            if (error.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return value.ToString();
            }
        }

        return null;
    }
}
