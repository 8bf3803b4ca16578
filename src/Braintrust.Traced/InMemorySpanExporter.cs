using System.Text.Json.Nodes;
using Braintrust.Traced.Shipping;

namespace Braintrust.Traced;

/// <summary>
/// Keeps every row in memory instead of sending it: for your own tests of traced code.
/// Set it as <see cref="BraintrustOptions.Exporter"/>, call <see cref="BraintrustLogger.Flush"/>, then inspect
/// <see cref="MergedSpans"/>.
/// </summary>
public sealed class InMemorySpanExporter : ISpanExporter
{
    private readonly Lock _sync = new();
    // Rows are kept as the UTF-8 JSON the shipper wrote: compact, and each read of Rows parses fresh, independent copies.
    private readonly List<byte[]> _rows = [];

    /// <summary>Every row as it would go on the wire, in the order shipped (copies: changing them changes nothing here).</summary>
    public IReadOnlyList<JsonObject> Rows
    {
        get
        {
            byte[][] rows;
            lock (_sync)
            {
                rows = [.. _rows];
            }

            return [.. rows.Select(row => JsonNode.Parse(row)!.AsObject())];
        }
    }

    /// <summary>
    /// One row per span id, in first-seen order, with merge rows (<c>_is_merge: true</c>) folded in the way Braintrust
    /// stores them: objects merge key by key, other values replace. A full row replaces what was there. Comment rows
    /// (from <see cref="BraintrustLogger.LogFeedback"/>) are not spans: see <see cref="Comments"/>.
    /// </summary>
    public IReadOnlyList<JsonObject> MergedSpans()
    {
        var order = new List<string>();
        var merged = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var row in Rows)
        {
            if (IsComment(row) || row[RowFieldNames.Id]?.GetValue<string>() is not { } id)
            {
                continue;
            }

            var isMerge = row[RowFieldNames.IsMerge]?.GetValue<bool>() == true;
            row.Remove(RowFieldNames.IsMerge);
            if (!merged.TryGetValue(id, out var existing))
            {
                order.Add(id);
                merged[id] = row;
            }
            else if (isMerge)
            {
                RowMerge.Into(existing, row);
            }
            else
            {
                merged[id] = row;
            }
        }

        return [.. order.Select(id => merged[id])];
    }

    /// <summary>The comment rows <see cref="BraintrustLogger.LogFeedback"/> sent, in order.</summary>
    public IReadOnlyList<JsonObject> Comments() => [.. Rows.Where(IsComment)];

    /// <summary>Forgets every row.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _rows.Clear();
        }
    }

    /// <inheritdoc />
    public Task ExportAsync(SpanRowBatch rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var copies = new byte[rows.Count][];
        for (var i = 0; i < copies.Length; i++)
        {
            // The batch's bytes are reused once this call returns: keep copies.
            copies[i] = rows[i].ToArray();
        }

        lock (_sync)
        {
            _rows.AddRange(copies);
        }

        return Task.CompletedTask;
    }

    private static bool IsComment(JsonObject row) => row.ContainsKey(RowFieldNames.Comment) && row.ContainsKey(RowFieldNames.Origin);
}
