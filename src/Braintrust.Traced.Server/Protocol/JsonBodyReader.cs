using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>Reads a JSON request body within the server's size limit, turning failures into precise errors.</summary>
internal static class JsonBodyReader
{
    public static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException();
        }
        if (buffer.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length).Span);
        }
        catch (JsonException e)
        {
            throw new RowValidationException(null, "(body)",
                $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>The body as a JSON object, or an error naming what was expected.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct, bool allowEmpty = false)
    {
        var node = await ReadAsync(request, ct);
        return node switch
        {
            JsonObject obj => obj,
            null when allowEmpty => [],
            _ => throw new RowValidationException(null, "(body)", "must be a JSON object"),
        };
    }
}
