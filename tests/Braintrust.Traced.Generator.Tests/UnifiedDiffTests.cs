using Braintrust.Traced.Generator.Tests.Infrastructure;

namespace Braintrust.Traced.Generator.Tests;

/// <summary>The diff a failing snapshot shows: only the changed lines with their context, marked like git's.</summary>
public sealed class UnifiedDiffTests
{
    [Test]
    public void ShowsChangedLinesWithContext()
    {
        var expected = string.Join("\n", Enumerable.Range(1, 20).Select(i => "line " + i)) + "\n";
        var actual = expected.Replace("line 10\n", "line ten\n", StringComparison.Ordinal);

        var diff = UnifiedDiff.Render(expected, actual, "a.verified.cs", "a.received.cs");

        Assert.That(diff, Is.EqualTo("""
            --- a.verified.cs
            +++ a.received.cs
            @@ -7,7 +7,7 @@
              line 7
              line 8
              line 9
            - line 10
            + line ten
              line 11
              line 12
              line 13

            """.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", Environment.NewLine, StringComparison.Ordinal)));
    }
}
