using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Braintrust.Traced.Runtime;
using Braintrust.Traced.Serialization;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// Builds the parts of wire rows on the background shipper: user values through <see cref="ValueSerializer"/>, our own
/// fields directly. Also keeps a running estimate of the bytes written, which the batcher uses to cap request size.
/// </summary>
internal sealed class RowWriter(ValueSerializer serializer, string? projectId)
{
    /// <summary>A row's fixed fields (ids, timestamps, context) take roughly this many bytes on the wire.</summary>
    private const int FixedRowBytes = 400;

    private static readonly string s_sdkVersion =
        typeof(RowWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    private long _bytes;

    /// <summary>The estimated wire size of everything written since the last <see cref="TakeByteEstimate"/>.</summary>
    public long TakeByteEstimate()
    {
        var bytes = _bytes + FixedRowBytes;
        _bytes = 0;
        return bytes;
    }

    public static string FormatTimestamp(long utcTicks) =>
        new DateTime(utcTicks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static double ToUnixSeconds(long utcTicks) => (utcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;

    public static JsonObject Scores(IEnumerable<KeyValuePair<string, double?>> scores)
    {
        var node = new JsonObject();
        foreach (var (name, value) in scores)
        {
            node[name] = value is { } number && double.IsFinite(number) ? JsonValue.Create(number) : null;
        }

        return node;
    }

    public static JsonObject Metrics(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        var node = new JsonObject();
        AddFinite(node, metrics);
        return node;
    }

    public static JsonObject Metrics(long startTicks, long endTicks, IEnumerable<KeyValuePair<string, double>>? extra)
    {
        var node = new JsonObject { ["start"] = ToUnixSeconds(startTicks) };
        if (endTicks != 0)
        {
            node["end"] = ToUnixSeconds(endTicks);
        }

        if (extra is not null)
        {
            AddFinite(node, extra);
        }

        return node;
    }

    public static JsonObject SpanAttributes(string name, SpanType type) =>
        new() { ["name"] = name, ["type"] = SpanTypeNames.ToWire(type) };

    public static JsonArray Tags(IEnumerable<string> tags)
    {
        var node = new JsonArray();
        foreach (var tag in tags)
        {
            if (tag is not null)
            {
                node.Add((JsonNode)JsonValue.Create(tag));
            }
        }

        return node;
    }

    public JsonObject Context(TracedMethod? method)
    {
        var context = new JsonObject();
        if (method is not null)
        {
            context["caller_functionname"] = method.FunctionName;
            context["caller_filename"] = method.FileName;
            context["caller_lineno"] = method.LineNumber;
        }

        context["span_origin"] = new JsonObject { ["name"] = RowFieldNames.SpanOriginName, ["version"] = s_sdkVersion };
        return context;
    }

    public void WriteDestination(JsonObject row)
    {
        if (projectId is not null)
        {
            row[RowFieldNames.ProjectId] = projectId;
        }

        row[RowFieldNames.LogId] = RowFieldNames.ProjectLogId;
    }

    public JsonNode? Value(object? value)
    {
        var node = serializer.ToNode(value, out var bytes);
        _bytes += bytes;
        return node;
    }

    public JsonObject NamedValues(IReadOnlyList<string> names, object?[] values)
    {
        var node = new JsonObject();
        var count = Math.Min(names.Count, values.Length);
        for (var i = 0; i < count; i++)
        {
            node[names[i]] = Value(values[i]);
        }

        return node;
    }

    public JsonObject Metadata(IEnumerable<KeyValuePair<string, object?>> metadata)
    {
        var node = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            node[key] = Value(value);
        }

        return node;
    }

    private static void AddFinite(JsonObject node, IEnumerable<KeyValuePair<string, double>> metrics)
    {
        foreach (var (name, value) in metrics)
        {
            // NaN and infinities are not JSON numbers; a metric that is not a number is left out rather than break the row.
            if (double.IsFinite(value))
            {
                node[name] = value;
            }
        }
    }
}
