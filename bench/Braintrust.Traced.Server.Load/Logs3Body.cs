using System.Buffers;
using System.Text.Json;

namespace Braintrust.Traced.Server.Load;

/// <summary>Builds one <c>POST /logs3</c> body, <c>{"rows": [...], "api_version": 2}</c>, as the SDK sends it.</summary>
internal static class Logs3Body
{
    public const int TracesPerRequest = 100 / SpanRowFactory.SpansPerTrace; // 100 rows per request, like the SDK's batches

    public static byte[] Build(SpanRowFactory factory, long firstTrace, string projectId,
        ICollection<string>? rootIds = null, IList<(string Id, string Json)>? rawCopy = null)
    {
        var buffer = new ArrayBufferWriter<byte>(TracesPerRequest * SpanRowFactory.SpansPerTrace * 1200);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rows");
            for (var t = 0; t < TracesPerRequest; t++)
            {
                factory.WriteTrace(writer, firstTrace + t, projectId, rootIds, rawCopy);
            }
            writer.WriteEndArray();
            writer.WriteNumber("api_version", 2);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
