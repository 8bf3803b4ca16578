using System.Net.Http.Headers;
using System.Text.Json;
using Braintrust.Traced.Serialization;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// Braintrust's path for a <c>logs3</c> body larger than the <c>logs3_payload_max_bytes</c> the server announced (a
/// single row with a large document in its input, say): reserve a slot with <c>POST {apiUrl}/logs3/overflow</c>,
/// upload the body to the signed URL it answers (without the API key: the URL belongs to a storage service), and
/// return the slot's key, which <c>logs3</c> then accepts in place of the rows.
/// </summary>
internal sealed class OverflowUpload(BraintrustConnection connection)
{
    // Azure Blob Storage refuses a PUT that does not say which kind of blob it creates.
    private const string AzureBlobHostSuffix = ".blob.core.windows.net";

    public async Task<string> UploadAsync(ConnectionInfo info, SpanRowBatch rows, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var slot = await connection.PostJsonAsync(
            BraintrustConnection.Join(info.ApiUrl, "logs3/overflow"),
            ReservationRequest(info.ProjectId, rows, body.Length),
            BraintrustJsonContext.Default.OverflowSlotResponse,
            cancellationToken).ConfigureAwait(false);
        var (method, url, key) = Validate(slot);

        using var upload = new HttpRequestMessage(method, url) { Content = method == HttpMethod.Put ? JsonBody(body) : PresignedForm(slot!, body) };
        foreach (var (name, value) in slot!.Headers ?? [])
        {
            SetHeader(upload, name, value);
        }

        if (method == HttpMethod.Put && url.Host.EndsWith(AzureBlobHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            upload.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        }

        await connection.SendWithoutKeyAsync(upload, cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>
    /// <c>{"content_type":"application/json","size_bytes":N,"rows":[{"object_ids":{...},"is_delete":false,"input_row":{"byte_size":n}},...]}</c>:
    /// what the official SDKs send, so a server can check the upload before it stores it.
    /// </summary>
    private static byte[] ReservationRequest(string projectId, SpanRowBatch rows, int bodyBytes)
    {
        var buffer = new RowBuffer(256 + (rows.Count * 128));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("content_type", "application/json");
            json.WriteNumber("size_bytes", bodyBytes);
            json.WriteStartArray("rows");
            for (var i = 0; i < rows.Count; i++)
            {
                json.WriteStartObject();
                json.WriteStartObject("object_ids");
                json.WriteString("project_id", projectId);
                json.WriteString("log_id", "g");
                json.WriteEndObject();
                json.WriteBoolean("is_delete", false);
                json.WriteStartObject("input_row");
                json.WriteNumber("byte_size", rows[i].Utf8Json.Length);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ReadOnlyMemoryContent JsonBody(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A presigned POST form (S3 style): the policy fields first, the file last, as the storage service requires.</summary>
    private static MultipartFormDataContent PresignedForm(OverflowSlotResponse slot, ReadOnlyMemory<byte> body)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in slot.Fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(JsonBody(body), "file", "logs3.json");
        return form;
    }

    private static (HttpMethod Method, Uri Url, string Key) Validate(OverflowSlotResponse? slot)
    {
        const string What = "POST /logs3/overflow answered";
        if (slot?.Key is not { Length: > 0 } key)
        {
            throw new SpanExportException($"{What} without a key.", isTransient: false);
        }

        if (!Uri.TryCreate(slot.SignedUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new SpanExportException($"{What} without an absolute http(s) signedUrl.", isTransient: false);
        }

        var method = slot.Method?.ToUpperInvariant() switch
        {
            "PUT" => HttpMethod.Put,
            "POST" => HttpMethod.Post,
            _ => throw new SpanExportException($"{What} with method \"{slot.Method}\"; PUT or POST expected.", isTransient: false),
        };
        return (method, url, key);
    }

    private static void SetHeader(HttpRequestMessage request, string name, string value)
    {
        if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            // A form keeps its own content type: it carries the boundary its parts are split by.
            if (request.Content is not MultipartFormDataContent)
            {
                request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
        }
        else if (!request.Headers.TryAddWithoutValidation(name, value))
        {
            request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
