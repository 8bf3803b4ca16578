using System.Data.Common;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Diagnostics;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// Maps the span column list both backends select (see <see cref="Columns"/>) to <see cref="StoredSpan"/>.
/// Values go through Convert so SQLite's integers and PostgreSQL's booleans read the same.
/// </summary>
internal static class StoredSpanReader
{
    public const string Columns =
        "seq, xact_id, project_id, log_id, id, span_id, root_span_id, parent_span_id, is_root, name, span_type, " +
        "start_ts, end_ts, sort_ts, has_error, prompt_tokens, completion_tokens, tokens, created, last_heard";

    /// <summary>Reads the <see cref="Columns"/> then a scores-JSON column and a data-JSON column (either may be NULL).</summary>
    public static StoredSpan Read(DbDataReader r)
        => new(
            Seq: Convert.ToInt64(r.GetValue(0)),
            XactId: Convert.ToInt64(r.GetValue(1)),
            ProjectId: r.GetString(2),
            LogId: r.GetString(3),
            Id: r.GetString(4),
            SpanId: NullableString(r, 5),
            RootSpanId: NullableString(r, 6),
            ParentSpanId: NullableString(r, 7),
            IsRoot: Convert.ToBoolean(r.GetValue(8)),
            Name: NullableString(r, 9),
            SpanType: NullableString(r, 10),
            Start: NullableDouble(r, 11),
            End: NullableDouble(r, 12),
            SortTs: Convert.ToDouble(r.GetValue(13)),
            HasError: Convert.ToBoolean(r.GetValue(14)),
            PromptTokens: NullableDouble(r, 15),
            CompletionTokens: NullableDouble(r, 16),
            Tokens: NullableDouble(r, 17),
            Created: r.GetString(18),
            LastHeard: NullableDouble(r, 19),
            Scores: NullableObject(r, 20),
            Data: NullableObject(r, 21));

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static double? NullableDouble(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i));

    private static JsonObject? NullableObject(DbDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            return null;
        }
        var text = r.GetString(i);
        using var _ = ServerTiming.Measure("json-parse");
        return JsonNode.Parse(text) as JsonObject;
    }
}
