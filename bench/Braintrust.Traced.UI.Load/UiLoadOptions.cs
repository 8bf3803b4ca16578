using System.Globalization;

namespace Braintrust.Traced.UI.Load;

/// <summary>Command-line options; every count is bounded so a run always ends by itself.</summary>
internal sealed record UiLoadOptions(int Spans, int Clients, int ScrollRows, int TraceOpens, string? DataDir)
{
    public const string Usage =
        "usage: Braintrust.Traced.UI.Load [--spans N (1000000)] [--clients N (4)] [--scroll-rows N (5000)] [--opens N (10)] " +
        "[--data-dir PATH (kept between runs: filled once, reused after)]";

    public static UiLoadOptions Parse(string[] args)
    {
        var options = new UiLoadOptions(Spans: 1_000_000, Clients: 4, ScrollRows: 5_000, TraceOpens: 10, DataDir: null);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--spans" => options with { Spans = Count(args, ++i, "--spans", 1_000, 20_000_000) },
                "--clients" => options with { Clients = Count(args, ++i, "--clients", 1, 64) },
                "--scroll-rows" => options with { ScrollRows = Count(args, ++i, "--scroll-rows", 200, 100_000) },
                "--opens" => options with { TraceOpens = Count(args, ++i, "--opens", 1, 200) },
                "--data-dir" => options with { DataDir = ++i < args.Length ? Path.GetFullPath(args[i]) : throw new ArgumentException($"--data-dir needs a path. {Usage}") },
                _ => throw new ArgumentException($"unknown option '{args[i]}'. {Usage}"),
            };
        }
        return options;
    }

    private static int Count(string[] args, int index, string name, int min, int max)
    {
        if (index >= args.Length || !int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"{name} needs a whole number. {Usage}");
        }
        return value >= min && value <= max ? value : throw new ArgumentException($"{name} must be between {min} and {max}, was {value}");
    }
}
