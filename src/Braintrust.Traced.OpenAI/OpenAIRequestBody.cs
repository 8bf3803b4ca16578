using System.ClientModel;
using System.ClientModel.Primitives;

namespace Braintrust.Traced.OpenAI;

/// <summary>Takes the JSON body of a traced request as bytes, on the caller's path, without parsing it.</summary>
internal static class OpenAIRequestBody
{
    /// <summary>
    /// The body the client serialized, or empty when the request has none. The body is serialized once here and handed
    /// back to the request as bytes, so the transport sends these bytes instead of running the client's serializer a
    /// second time.
    /// </summary>
    public static ReadOnlyMemory<byte> Capture(PipelineRequest request)
    {
        if (request.Content is not { } content)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        // The client hands the policy a serializer-backed content, not bytes: write it out once, then send those bytes.
        // The span row keeps them (unpooled) until the shipper has written it.
        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);

        // BinaryData content is rewindable, so a retry resends the same bytes.
        request.Content = BinaryContent.Create(new BinaryData(bytes));

        // The request would have disposed the original when the call ended; it no longer holds it, so dispose it here.
        // The client's serialized model keeps pooled buffers until then, and a streaming call's client never disposes
        // its content itself: left to the collector, each streamed call cost about 17 KB of fresh buffers.
        // (Contents dispose idempotently, so a client that does dispose it too does no harm.)
        content.Dispose();
        return bytes;
    }
}
