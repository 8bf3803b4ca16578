using System.Diagnostics;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// Sequential request latencies of one query kind (after a warm-up), reported as nearest-rank percentiles. Each kind
/// stops after <see cref="Budget"/> even if fewer than the requested count ran, so a slow server cannot make the run endless.
/// </summary>
internal sealed class LatencySample(string name)
{
    private readonly List<double> _milliseconds = [];
    private readonly List<IReadOnlyDictionary<string, double>> _serverStages = [];

    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    public string Name { get; } = name;

    public int Count => _milliseconds.Count;

    public static async Task<LatencySample> MeasureAsync(string name, HttpClient client, int count, Func<int, string> url)
    {
        var sample = new LatencySample(name);
        var began = Stopwatch.GetTimestamp();
        for (var i = -Math.Min(10, count / 10); i < count; i++)
        {
            if (sample.Count >= 5 && Stopwatch.GetElapsedTime(began) > Budget)
            {
                break;
            }
            var target = url(i + count);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(target);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {target} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            }
            if (i >= 0)
            {
                sample._milliseconds.Add(elapsed);
                sample._serverStages.Add(ServerTimingHeader.Parse(response.Headers.TryGetValues("Server-Timing", out var timing) ? timing : []));
            }
        }
        return sample;
    }

    public double Percentile(double p) => Percentile(_milliseconds, p);

    /// <summary>The median of each stage the server reported (Server-Timing), in the order it first reported them.</summary>
    public IEnumerable<(string Stage, double MedianMs)> ServerStageMedians()
        => _serverStages.SelectMany(s => s.Keys).Distinct()
            .Select(stage => (stage, Percentile(_serverStages.Select(s => s.GetValueOrDefault(stage)).ToList(), 50)));

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
