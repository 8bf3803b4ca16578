using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>
/// A request body read into a pooled buffer and parsed in place: the parsed document points into the buffer, and
/// both go back to their pools when the request ends (<see cref="HttpResponse.RegisterForDispose"/>). A logs3 body
/// is ~120 KB; copied into a growing MemoryStream, then into the document's own array, with the document's token
/// table beside it, every request put ~0.5 MB on the large-object heap, and those short-lived large objects are
/// only reclaimed by full (gen 2) collections, which took ~10 % of the server's CPU under ingest.
/// Everything parsed from the body must be used up within the request; the ingest path waits for the commit.
/// </summary>
internal sealed class PooledRequestBody : IDisposable
{
    private const int FirstReadBytes = 16 * 1024;

    private byte[]? _buffer;
    private JsonDocument? _document;

    private PooledRequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    /// <summary>Reads the whole body (Kestrel enforces the size limit while it is read).</summary>
    public static async Task<PooledRequestBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? FirstReadBytes, FirstReadBytes, 4 * 1024 * 1024) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        var body = new PooledRequestBody(buffer, length);
        request.HttpContext.Response.RegisterForDispose(body);
        return body;
    }

    /// <summary>Parses the body in place; the document lives until the request ends.</summary>
    /// <exception cref="JsonException">The body is not valid JSON.</exception>
    public JsonElement Parse()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        _document ??= JsonDocument.Parse(_buffer.AsMemory(0, Length));
        return _document.RootElement;
    }

    public void Dispose()
    {
        // The document first: it reads the buffer until it is disposed.
        _document?.Dispose();
        _document = null;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
