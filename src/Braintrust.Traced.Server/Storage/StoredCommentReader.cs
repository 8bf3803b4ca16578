using System.Data.Common;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>Maps "id, origin_id, text, created, audit_source, audit_metadata" to <see cref="StoredComment"/>.</summary>
internal static class StoredCommentReader
{
    public const string Columns = "id, origin_id, text, created, audit_source, audit_metadata";

    public static StoredComment Read(DbDataReader r)
        => new(
            r.GetString(0),
            r.GetString(1),
            r.GetString(2),
            r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : JsonNode.Parse(r.GetString(5)) as JsonObject);
}
