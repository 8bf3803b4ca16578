using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Query;

/// <summary>The query-string spelling of each <see cref="TraceSort"/> (<c>sort=time|duration|name|tokens</c>).</summary>
internal static class TraceSortNames
{
    private static readonly (string Name, TraceSort Sort)[] All =
    [
        ("time", TraceSort.Time),
        ("duration", TraceSort.Duration),
        ("name", TraceSort.Name),
        ("tokens", TraceSort.Tokens),
    ];

    /// <summary>"time, duration, name, tokens": for error messages that list the allowed values.</summary>
    public static string Allowed => string.Join(", ", All.Select(a => a.Name));

    public static string Name(TraceSort sort) => All.First(a => a.Sort == sort).Name;

    public static bool TryParse(string text, out TraceSort sort)
    {
        foreach (var (name, value) in All)
        {
            if (name == text)
            {
                sort = value;
                return true;
            }
        }
        sort = default;
        return false;
    }
}
