using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>Reads a JSON request body within the server's size limit, turning failures into precise errors.</summary>
internal static class JsonBodyReader
{
    public static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken ct)
        => await ReadElementAsync(request, ct) is { } element ? ToCheckedNode(element) : null;

    /// <summary>
    /// The node JsonNode.Parse would give for the element, once no object in it repeats a key (a node reading one
    /// throws wherever it is first used; this names it in a 400 instead).
    /// </summary>
    public static JsonNode? ToCheckedNode(JsonElement element)
    {
        var node = JsonElementNodes.ToNode(element);
        return RepeatedKeys.Find(node) is { } repeated
            ? throw new RowValidationException(null, repeated, LogRowParser.RepeatedKeyMessage)
            : node;
    }

    /// <summary>
    /// The body parsed in place in a pooled buffer, or null when it is empty. The element is readable until the
    /// request ends (see <see cref="PooledRequestBody"/>).
    /// </summary>
    public static async Task<JsonElement?> ReadElementAsync(HttpRequest request, CancellationToken ct)
    {
        PooledRequestBody body;
        try
        {
            body = await PooledRequestBody.ReadAsync(request, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException();
        }
        if (body.Length == 0)
        {
            return null;
        }
        try
        {
            return body.Parse();
        }
        catch (JsonException e)
        {
            throw new RowValidationException(null, "(body)",
                $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>The body as a JSON object read in place (see <see cref="ReadElementAsync"/>), or the error <see cref="ReadObjectAsync"/> gives.</summary>
    public static async Task<JsonElement> ReadObjectElementAsync(HttpRequest request, CancellationToken ct)
        => await ReadElementAsync(request, ct) is { ValueKind: JsonValueKind.Object } element
            ? element
            : throw new RowValidationException(null, "(body)", "must be a JSON object");

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
