using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>Puts the row's identity into the stored document so fetches return complete Braintrust rows.</summary>
internal static class SpanDocument
{
    public static JsonObject Normalize(JsonObject data, RowWrite row)
    {
        data["id"] = row.Id;
        data["project_id"] = row.ProjectId;
        data["log_id"] = row.LogId;
        if (data["created"] is null)
        {
            data["created"] = NewCreated();
        }
        return data;
    }

    /// <summary>The creation time given to a row that names none: now, to the millisecond.</summary>
    public static string NewCreated() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// The JSON of <see cref="Normalize"/>(<paramref name="data"/>, <paramref name="row"/>), written straight from
    /// <paramref name="data"/> without copying or changing it: the common first write of a span needs no merged copy,
    /// and the row's data must stay as sent in case the writer finds the id stored and merges it after all.
    /// </summary>
    /// <param name="created">The creation time to write when the data has none (see <see cref="NewCreated"/>), else null.</param>
    public static string Serialize(JsonObject data, RowWrite row, string? created)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in data)
            {
                if (key is "id" or "project_id" or "log_id")
                {
                    continue; // the row's identity is written below, as Normalize overwrites it
                }
                writer.WritePropertyName(key);
                if (key == "created" && created is not null)
                {
                    // A "created": null of the row is replaced where it stands, as Normalize replaces it.
                    writer.WriteStringValue(created);
                    created = null;
                }
                else if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }
            writer.WriteString("id", row.Id);
            writer.WriteString("project_id", row.ProjectId);
            writer.WriteString("log_id", row.LogId);
            if (created is not null)
            {
                writer.WriteString("created", created);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
