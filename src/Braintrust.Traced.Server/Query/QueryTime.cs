using System.Globalization;
using Braintrust.Traced.Server.Json;

namespace Braintrust.Traced.Server.Query;

/// <summary>Query-string times: ISO-8601 or Unix seconds. Internally Unix seconds as double, like metrics.start.</summary>
internal static class QueryTime
{
    public static double? Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUnixTimeMilliseconds() / 1000.0;
        }
        throw new RowValidationException(null, field, "must be an ISO-8601 timestamp or Unix seconds");
    }

    public static string Iso(double unixSeconds)
        => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unixSeconds * 1000))
            .ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
