using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Query;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Lets a trace's root row be inserted with its roll-ups (<see cref="TraceRollup"/>) already in place, instead of being
/// inserted with zeros and updated at the end of the batch. The update rewrote the root row and
/// moved its entry in the tokens sort index: about a tenth of the bytes a batch wrote. When a batch inserts a root, its
/// roll-up is computed from the trace's spans stored so far plus the rows of the same trace later in the batch, taken
/// as new spans. The trace then needs no refresh at the end of the batch, unless something the computation did not
/// foresee touches it afterwards (one of those rows turns out to be stored already and is merged, a delete, a span
/// moving between traces, a second root): then it is refreshed from the table as before. Per batch, on the writer.
/// </summary>
internal sealed class FirstWriteRollups
{
    // Placeholder seqs for rows not yet inserted: above every stored seq, in batch order, as their real seqs will be
    // (seq only orders spans with equal start times in the roll-up).
    private const long UnwrittenSeqBase = long.MaxValue / 2;

    private readonly Dictionary<(string ProjectId, string RootSpanId), List<int>> _rowsByTrace = [];
    private readonly Dictionary<(string ProjectId, string RootSpanId), HashSet<int>> _foreseen = [];
    private readonly HashSet<(string ProjectId, string RootSpanId)> _needRefresh = [];
    private readonly Dictionary<int, PreparedSpan> _builtHere = [];
    private IReadOnlyList<RowWrite> _rows = [];
    private IReadOnlyList<PreparedSpan?>? _prepared;

    /// <summary>Starts a batch: notes which rows of it would write a span of which trace if their ids are new.</summary>
    public void Begin(IReadOnlyList<RowWrite> rows, IReadOnlyList<PreparedSpan?>? prepared)
    {
        Discard();
        _rows = rows;
        _prepared = prepared;
        for (var i = 0; i < rows.Count; i++)
        {
            if (NewForm(i)?.Columns.RootSpanId is { } root)
            {
                var trace = (rows[i].ProjectId, root);
                if (!_rowsByTrace.TryGetValue(trace, out var indices))
                {
                    _rowsByTrace[trace] = indices = [];
                }
                indices.Add(i);
            }
        }
    }

    /// <summary>
    /// Whether row <paramref name="index"/>, a root about to be inserted, should carry its trace's roll-up: a visible root
    /// of a trace not computed yet in this batch and with no other root later in the batch.
    /// </summary>
    public bool Wants(int index, PreparedSpan form)
    {
        var columns = form.Columns;
        if (!columns.IsRoot || !columns.IsVisible || _foreseen.ContainsKey(Trace(index, columns.RootSpanId!)))
        {
            return false;
        }
        return Later(index).All(j => NewForm(j)!.Columns is not { IsRoot: true, IsVisible: true });
    }

    /// <summary>
    /// The roll-up of the root at <paramref name="index"/>, from the trace's <paramref name="stored"/> visible spans (read
    /// in this transaction) and the trace's later rows of the batch; null when a stored span is a root too (its row
    /// would need the roll-up as well: the refresh does that).
    /// </summary>
    public TraceRollup? Compute(int index, PreparedSpan form, IReadOnlyList<IRollupSource> stored)
    {
        if (stored.Any(s => s.IsRoot))
        {
            return null;
        }
        var spans = new List<IRollupSource>(stored) { Source(UnwrittenSeqBase, index, form) };
        var offset = 1L;
        foreach (var j in Later(index))
        {
            if (NewForm(j) is { Columns.IsVisible: true } later)
            {
                spans.Add(Source(UnwrittenSeqBase + offset++, j, later));
            }
        }
        return TraceRollups.Compute(spans).Single(r => r.RootSeq == UnwrittenSeqBase).Rollup;
    }

    /// <summary>
    /// The root at <paramref name="index"/> was inserted with its roll-up: its trace needs no refresh unless a row other
    /// than its later rows inserted as new touches it.
    /// </summary>
    public void Inserted(int index, string rootSpanId)
    {
        var trace = Trace(index, rootSpanId);
        _needRefresh.Remove(trace);
        _foreseen[trace] = [.. Later(index)];
    }

    /// <summary>Row <paramref name="index"/> wrote a span of the trace (<paramref name="insertedNew"/>: as a new id).</summary>
    public void Touched(int index, string projectId, string? rootSpanId, bool insertedNew)
    {
        if (rootSpanId is null)
        {
            return;
        }
        var trace = (projectId, rootSpanId);
        if (!(insertedNew && _foreseen.TryGetValue(trace, out var foreseen) && foreseen.Contains(index)))
        {
            _needRefresh.Add(trace);
        }
    }

    /// <summary>A change the computation did not foresee (a merge into a stored span, a delete) touched the trace.</summary>
    public void Changed(string projectId, string? rootSpanId)
    {
        if (rootSpanId is not null)
        {
            _needRefresh.Add((projectId, rootSpanId));
        }
    }

    /// <summary>Ends the batch: the traces whose roll-ups must be refreshed from the table.</summary>
    public IReadOnlyList<(string ProjectId, string RootSpanId)> Finish()
    {
        var traces = _needRefresh.ToList();
        Discard();
        return traces;
    }

    /// <summary>Forgets the batch (finished, or rolled back).</summary>
    public void Discard()
    {
        _rowsByTrace.Clear();
        _foreseen.Clear();
        _needRefresh.Clear();
        _builtHere.Clear();
        _rows = [];
        _prepared = null;
    }

    private (string, string) Trace(int index, string rootSpanId) => (_rows[index].ProjectId, rootSpanId);

    /// <summary>The rows after <paramref name="index"/> that would write a span of the same trace if new.</summary>
    private IEnumerable<int> Later(int index)
        => _rowsByTrace.TryGetValue(Trace(index, NewForm(index)!.Columns.RootSpanId!), out var indices)
            ? indices.Where(j => j > index)
            : [];

    /// <summary>
    /// Row <paramref name="index"/>'s form if its id is new (the caller's, or built here once, so the writer stores the
    /// very form the roll-up was computed from); null for rows that write no span document.
    /// </summary>
    public PreparedSpan? NewForm(int index)
        => _rows[index].Kind is RowWriteKind.Replace or RowWriteKind.Merge
            ? _prepared?[index] ?? PreparedFor(index)
            : null;

    private PreparedSpan PreparedFor(int index)
    {
        if (!_builtHere.TryGetValue(index, out var form))
        {
            _builtHere[index] = form = PreparedSpan.ForNewRow(_rows[index]);
        }
        return form;
    }

    /// <summary>A row not yet inserted as the refresh would read it back (scores as the stored document holds them).</summary>
    private RollupSpan Source(long seq, int index, PreparedSpan form)
    {
        var c = form.Columns;
        var scores = _rows[index].Data["scores"] is JsonObject own ? (JsonObject)own.DeepClone() : null;
        return new RollupSpan(seq, c.SortTs, c.SpanId, c.ParentSpanId, c.IsRoot, c.HasError, c.PromptTokens, c.CompletionTokens, c.Tokens, scores);
    }
}
