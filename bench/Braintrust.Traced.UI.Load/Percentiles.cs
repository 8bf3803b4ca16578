namespace Braintrust.Traced.UI.Load;

/// <summary>Nearest-rank percentiles of a sample (milliseconds).</summary>
internal sealed class Percentiles(IEnumerable<double> values)
{
    private readonly double[] _sorted = values.Order().ToArray();

    public int Count => _sorted.Length;

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double At(double percentile)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(percentile / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}
