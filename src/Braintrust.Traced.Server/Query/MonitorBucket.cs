namespace Braintrust.Traced.Server.Query;

/// <summary>Running totals of one monitor time bucket.</summary>
internal sealed class MonitorBucket
{
    public int Traces { get; set; }

    public int Spans { get; set; }

    public int Errors { get; set; }

    public double Tokens { get; set; }

    public List<double> Latencies { get; } = [];

    public Dictionary<string, (double Sum, int Count)> Scores { get; } = new(StringComparer.Ordinal);
}
