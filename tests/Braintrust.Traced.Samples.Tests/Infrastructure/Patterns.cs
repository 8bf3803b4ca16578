using System.Text.RegularExpressions;

namespace Braintrust.Traced.Samples.Tests.Infrastructure;

/// <summary>The output lines tests wait for.</summary>
internal static partial class Patterns
{
    /// <summary>The server's start banner (docs/server.md).</summary>
    [GeneratedRegex(@"server listening on (http://\S+)")]
    public static partial Regex ServerListening();

    /// <summary>ASP.NET Core's own start line, printed by the sample web apps.</summary>
    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    public static partial Regex AspNetCoreListening();

    /// <summary>The line the console samples end with.</summary>
    [GeneratedRegex(@"root_span_id: ([0-9a-f]{32})")]
    public static partial Regex RootSpanId();
}
