using System.Globalization;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>A stored span as a Braintrust fetch event: the merged row plus <c>_xact_id</c> and <c>_pagination_key</c>.</summary>
internal static class SpanEventJson
{
    public static JsonObject From(StoredSpan span)
    {
        var row = (JsonObject)(span.Data ?? []).DeepClone();
        row["_xact_id"] = span.XactId.ToString(CultureInfo.InvariantCulture);
        row["_pagination_key"] = FetchCursor.Encode(span.Seq);
        return row;
    }
}
