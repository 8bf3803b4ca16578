using System.Globalization;
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
            data["created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }
        return data;
    }
}
