namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// The traces (project, root span id) a batch wrote to, so their per-trace roll-ups (<see cref="TraceRollup"/>, on the
/// root row) are refreshed once per batch rather than once per row.
/// </summary>
internal sealed class TouchedTraces
{
    private readonly HashSet<(string ProjectId, string RootSpanId)> _traces = [];

    public void Add(string projectId, string? rootSpanId)
    {
        if (rootSpanId is not null)
        {
            _traces.Add((projectId, rootSpanId));
        }
    }

    /// <summary>Returns the traces collected so far and starts a new, empty set.</summary>
    public IReadOnlyList<(string ProjectId, string RootSpanId)> Drain()
    {
        var traces = _traces.ToList();
        _traces.Clear();
        return traces;
    }
}
