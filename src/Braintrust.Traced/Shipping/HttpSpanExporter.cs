using System.Net.Http.Headers;
using System.Text.Json;

namespace Braintrust.Traced.Shipping;

/// <summary>Delivers rows to Braintrust (or a compatible server): <c>POST {apiUrl}/logs3</c> with <c>{"rows":[...],"api_version":2}</c>.</summary>
/// <param name="connection">The lazy login and project registration.</param>
/// <param name="rowsCarryProjectId">
/// Whether the shipper already wrote <c>project_id</c> into every row (it knows it only when
/// <see cref="BraintrustOptions.ProjectId"/> is set); otherwise the id learned at registration is added here.
/// </param>
internal sealed class HttpSpanExporter(BraintrustConnection connection, bool rowsCarryProjectId) : ISpanExporter
{
    private static readonly byte[] s_bodyStart = "{\"rows\":["u8.ToArray();
    private static readonly byte[] s_bodyEnd = "],\"api_version\":2}"u8.ToArray();

    // One worker calls the exporter at a time, so one body buffer serves every request.
    private readonly RowBuffer _body = new();
    private string? _projectIdFor;
    private byte[] _projectIdPrefix = [];
    private readonly OverflowUpload _overflow = new(connection);

    public async Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken)
    {
        var info = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        await PostAsync(info, rows, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostAsync(ConnectionInfo info, SpanRowBatch rows, CancellationToken cancellationToken)
    {
        WriteBody(info, rows);
        if (info.MaxRequestBytes is { } limit && _body.Length > limit)
        {
            if (rows.Count > 1)
            {
                // The server announced a request size limit: halve until each request fits.
                var half = rows.Count / 2;
                await PostAsync(info, rows.Slice(0, half), cancellationToken).ConfigureAwait(false);
                await PostAsync(info, rows.Slice(half, rows.Count - half), cancellationToken).ConfigureAwait(false);
                return;
            }

            // One row alone is over the limit: it goes through the overflow upload, and logs3 gets its key.
            var key = await _overflow.UploadAsync(info, rows, _body.WrittenMemory, cancellationToken).ConfigureAwait(false);
            WriteOverflowReference(key);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, BraintrustConnection.Join(info.ApiUrl, "logs3"));
        request.Content = new ReadOnlyMemoryContent(_body.WrittenMemory);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The request body: the rows are already JSON, so they are copied as bytes; a row that lacks <c>project_id</c> gets
    /// it spliced in right after its opening brace.
    /// </summary>
    private void WriteBody(ConnectionInfo info, SpanRowBatch rows)
    {
        var prefix = rowsCarryProjectId ? null : ProjectIdPrefix(info.ProjectId);
        _body.Clear();
        _body.Write(s_bodyStart);
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                _body.Write(","u8);
            }

            var row = rows[i].Utf8Json.Span;
            if (prefix is null || row.Length < 2)
            {
                _body.Write(row);
                continue;
            }

            _body.Write(prefix);
            var rest = row[1..];
            if (rest[0] != (byte)'}')
            {
                _body.Write(","u8);
            }

            _body.Write(rest);
        }

        _body.Write(s_bodyEnd);
    }

    /// <summary><c>{"rows":{"type":"logs3_overflow","key":"..."},"api_version":2}</c>: the rows are the uploaded payload.</summary>
    private void WriteOverflowReference(string key)
    {
        _body.Clear();
        using var json = new Utf8JsonWriter(_body);
        json.WriteStartObject();
        json.WriteStartObject("rows");
        json.WriteString("type", "logs3_overflow");
        json.WriteString("key", key);
        json.WriteEndObject();
        json.WriteNumber("api_version", 2);
        json.WriteEndObject();
    }

    /// <summary><c>{"project_id":"..."</c>, encoded once per project id.</summary>
    private byte[] ProjectIdPrefix(string projectId)
    {
        if (!string.Equals(_projectIdFor, projectId, StringComparison.Ordinal))
        {
            var buffer = new RowBuffer(64);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString(EncodedFieldNames.ProjectId, projectId);
                writer.Flush();
            }

            _projectIdPrefix = buffer.WrittenSpan.ToArray();
            _projectIdFor = projectId;
        }

        return _projectIdPrefix;
    }
}
