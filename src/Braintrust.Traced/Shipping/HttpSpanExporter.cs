using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Shipping;

/// <summary>Delivers rows to Braintrust (or a compatible server): <c>POST {apiUrl}/logs3</c> with <c>{"rows":[...],"api_version":2}</c>.</summary>
internal sealed class HttpSpanExporter(BraintrustConnection connection) : ISpanExporter
{
    public async Task ExportAsync(IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken)
    {
        var info = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            if (!row.ContainsKey(RowFieldNames.ProjectId))
            {
                row[RowFieldNames.ProjectId] = info.ProjectId;
            }
        }

        await PostAsync(info, rows, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostAsync(ConnectionInfo info, IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken)
    {
        var body = Serialize(rows);
        if (info.MaxRequestBytes is { } limit && body.WrittenCount > limit && rows.Count > 1)
        {
            // The server announced a request size limit: halve until each request fits.
            var half = rows.Count / 2;
            await PostAsync(info, [.. rows.Take(half)], cancellationToken).ConfigureAwait(false);
            await PostAsync(info, [.. rows.Skip(half)], cancellationToken).ConfigureAwait(false);
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, BraintrustConnection.Join(info.ApiUrl, "logs3"));
        request.Content = new ReadOnlyMemoryContent(body.WrittenMemory);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static ArrayBufferWriter<byte> Serialize(IReadOnlyList<JsonObject> rows)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteStartArray("rows");
        foreach (var row in rows)
        {
            row.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteNumber("api_version", 2);
        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }
}
