namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// The SQL condition on the root <c>s</c> for a <see cref="StatusMatch"/>, the same text for SQLite and PostgreSQL
/// (both compute in doubles, as Query/SpanLiveness does in C#). <paramref name="parameter"/> prefixes the two
/// parameter names, <c>now</c> and <c>timeout</c>.
/// </summary>
internal static class RootStatusCondition
{
    /// <summary>
    /// Running and unfinished roots both have no end: the condition names <c>s.end_ts IS NULL</c> literally, so a
    /// planner may answer it from the partial index of open roots (spans_roots_open) instead of walking every root.
    /// </summary>
    public static string Sql(TraceStatus status, string parameter) => status switch
    {
        TraceStatus.Running => $"s.end_ts IS NULL AND s.start_ts IS NOT NULL AND {Silence(parameter)} <= {parameter}timeout",
        TraceStatus.Unfinished => $"s.end_ts IS NULL AND s.start_ts IS NOT NULL AND {Silence(parameter)} > {parameter}timeout",
        TraceStatus.Ended => "s.end_ts IS NOT NULL",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status"),
    };

    /// <summary>Whether the condition reads only roots without an end (the rare ones, see <see cref="Sql"/>).</summary>
    public static bool OnlyOpenRoots(TraceStatus status) => status is TraceStatus.Running or TraceStatus.Unfinished;

    /// <summary>Seconds since the server last heard of the root; its start stands in for a root stored before last_heard.</summary>
    private static string Silence(string parameter) => $"{parameter}now - COALESCE(s.last_heard, s.start_ts)";
}
