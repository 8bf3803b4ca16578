using System.Globalization;
using Braintrust.Traced.Server.Json;

namespace Braintrust.Traced.Server.Query;

/// <summary>Monitor bucket width: seconds, or a number with s/m/h/d (e.g. 5m, 1h).</summary>
internal static class BucketSize
{
    public static double? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        var number = unit == 0 ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new RowValidationException(null, "bucket", "must be a positive number of seconds or a duration like 5m, 1h, 1d");
        }
        return value * (unit == 0 ? 1 : unit);
    }
}
