using System.Globalization;

namespace Braintrust.Traced.Server.Load;

/// <summary>Reads the server's <c>Server-Timing</c> header (<c>name;dur=ms[;desc="…"], …</c>) into stage → milliseconds.</summary>
internal static class ServerTimingHeader
{
    public static IReadOnlyDictionary<string, double> Parse(IEnumerable<string> values)
    {
        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
            if (duration is not null && double.TryParse(duration[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                stages[parts[0]] = ms;
            }
        }
        return stages;
    }
}
