using System.Globalization;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// Marks a data dir as a completely filled query store: the span count and the trace ids the fill sampled (one per
/// request), written only after the last row was acknowledged, so a fill that was cut short is never reused.
/// </summary>
internal sealed record FilledStore(int Spans, IReadOnlyList<string> Roots)
{
    private const string FileName = "load-program-fill.txt";

    public static FilledStore? TryOpen(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        var lines = File.ReadAllLines(path);
        return new FilledStore(int.Parse(lines[0], CultureInfo.InvariantCulture), lines[1..]);
    }

    public static void Save(string dataDir, int spans, IReadOnlyList<string> roots)
    {
        var path = Path.Combine(dataDir, FileName);
        File.WriteAllLines(path + ".tmp", [spans.ToString(CultureInfo.InvariantCulture), .. roots]);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
