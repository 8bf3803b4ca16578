using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Braintrust.Traced.Server.Diagnostics;

/// <summary>
/// Where an authenticated request's time went (key check, connection opens, SQL, JSON building and serialization),
/// sent back as a standard <c>Server-Timing</c> header, so a slow answer can be taken apart from outside the
/// server (browser dev tools, the load program) without a profiler. Stages of the same name add up; the header
/// shows each stage's total and how many times it ran. Ambient (one per request, flowing with its async calls)
/// so the store's code can report stages without a parameter on every interface.
/// </summary>
internal sealed class ServerTiming
{
    private static readonly AsyncLocal<ServerTiming?> CurrentRequest = new();
    private readonly List<(string Name, long Ticks, int Count)> _stages = new(8);

    public static ServerTiming? Current => CurrentRequest.Value;

    /// <summary>Starts collecting for the request running on the current async flow.</summary>
    public static ServerTiming Begin() => CurrentRequest.Value = new ServerTiming();

    /// <summary>Times a stage until the returned value is disposed; costs nothing when no request is collecting.</summary>
    public static Stage Measure(string name) => new(Current, name, Current is null ? 0 : Stopwatch.GetTimestamp());

    public void Add(string name, long ticks)
    {
        lock (_stages)
        {
            var index = _stages.FindIndex(s => s.Name == name);
            if (index < 0)
            {
                _stages.Add((name, ticks, 1));
            }
            else
            {
                var (_, sum, count) = _stages[index];
                _stages[index] = (name, sum + ticks, count + 1);
            }
        }
    }

    /// <summary>The header value, e.g. <c>auth;dur=0.21, db-open;dur=0.30;desc="4x", total;dur=3.1</c>.</summary>
    public string Header(long totalTicks)
    {
        var header = new StringBuilder();
        lock (_stages)
        {
            foreach (var (name, ticks, count) in _stages)
            {
                header.Append(name).Append(";dur=").Append(Milliseconds(ticks));
                if (count > 1)
                {
                    header.Append(";desc=\"").Append(count.ToString(CultureInfo.InvariantCulture)).Append("x\"");
                }
                header.Append(", ");
            }
        }
        return header.Append("total;dur=").Append(Milliseconds(totalTicks)).ToString();
    }

    private static string Milliseconds(long ticks)
        => (ticks * 1000.0 / Stopwatch.Frequency).ToString("0.###", CultureInfo.InvariantCulture);

    public readonly struct Stage(ServerTiming? timing, string name, long started) : IDisposable
    {
        public void Dispose() => timing?.Add(name, Stopwatch.GetTimestamp() - started);
    }
}
