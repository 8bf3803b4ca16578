using System.Globalization;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Query;

/// <summary>
/// Query string → <see cref="TraceFilter"/>. Formats: <c>score=name:min:max</c> (min/max optional, default 0 and 1;
/// the last two colon-separated parts are the bounds, so names may contain colons), <c>metadata=key:value</c>
/// (split at the first colon), <c>error=true|false</c>, <c>status=running|unfinished|ended</c> (the root's, judged at
/// the response's moment, see <see cref="SpanLiveness"/>), <c>from</c>/<c>to</c> ISO-8601 or Unix seconds,
/// <c>sort=time|duration|name|tokens</c> (default time) and <c>order=desc|asc</c> (default desc).
/// </summary>
internal static class TraceFilterParser
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <param name="liveness">The moment and timeout <c>status</c> is judged by: the same the response judges <c>running</c> by.</param>
    public static TraceFilter Parse(string projectId, IQueryCollection query, SpanLiveness liveness)
    {
        var limit = DefaultLimit;
        if (Get(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            throw new RowValidationException(null, "limit", "must be a positive integer");
        }
        bool? error = Get(query, "error") switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new RowValidationException(null, "error", "must be true or false"),
        };
        TraceStatus? status = Get(query, "status") switch
        {
            null => null,
            "running" => TraceStatus.Running,
            "unfinished" => TraceStatus.Unfinished,
            "ended" => TraceStatus.Ended,
            var other => throw new RowValidationException(null, "status", $"'{other}' is not a status; allowed values: running, unfinished, ended"),
        };
        var sort = TraceSort.Time;
        if (Get(query, "sort") is { } sortText && !TraceSortNames.TryParse(sortText, out sort))
        {
            throw new RowValidationException(null, "sort", $"'{sortText}' is not a sort; allowed values: {TraceSortNames.Allowed}");
        }
        var descending = Get(query, "order") switch
        {
            null or "desc" => true,
            "asc" => false,
            var other => throw new RowValidationException(null, "order", $"'{other}' is not an order; allowed values: desc, asc"),
        };
        var after = TraceListCursor.Decode(Get(query, "cursor"));
        if (after is not null && (after.Sort != sort || after.Descending != descending))
        {
            throw new RowValidationException(null, "cursor",
                $"was made for sort={TraceSortNames.Name(after.Sort)}&order={(after.Descending ? "desc" : "asc")}; " +
                "repeat the request with that sort and order, or drop the cursor to start from the first page");
        }
        return new TraceFilter(
            projectId,
            Math.Min(limit, MaxLimit),
            QueryTime.Parse(Get(query, "from"), "from"),
            QueryTime.Parse(Get(query, "to"), "to"),
            Get(query, "name"),
            Get(query, "tag"),
            error,
            ParseScore(Get(query, "score")),
            ParseMetadata(Get(query, "metadata")),
            Get(query, "q") is { } q && q.Trim().Length > 0 ? q : null,
            after,
            sort,
            descending,
            status is { } kept ? new StatusMatch(kept, liveness.Now, liveness.TimeoutSeconds) : null);
    }

    private static string? Get(IQueryCollection query, string name)
        => query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static ScoreRange? ParseScore(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(':');
        if (parts.Length < 3 || string.Join(':', parts[..^2]).Length == 0)
        {
            throw new RowValidationException(null, "score", "must look like name:min:max (e.g. accuracy:0.5:1; min or max may be empty)");
        }
        return new ScoreRange(string.Join(':', parts[..^2]), Bound(parts[^2], 0), Bound(parts[^1], 1));
    }

    private static double Bound(string text, double fallback)
    {
        if (text.Length == 0)
        {
            return fallback;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RowValidationException(null, "score", $"bound '{text}' is not a number");
    }

    private static MetadataMatch? ParseMetadata(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new RowValidationException(null, "metadata", "must look like key:value");
        }
        return new MetadataMatch(text[..colon], text[(colon + 1)..]);
    }
}
