using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace Braintrust.Traced.Generator.Tests.Infrastructure;

/// <summary>Renders a line diff the way <c>git diff</c> does: changed lines with three lines of context, in hunks.</summary>
internal static class UnifiedDiff
{
    private const int ContextLines = 3;

    public static string Render(string expected, string actual, string expectedName, string actualName)
    {
        var result = Differ.Instance.CreateLineDiffs(expected, actual, ignoreWhitespace: false);
        var oldLines = result.PiecesOld;
        var newLines = result.PiecesNew;
        var output = new StringBuilder();
        output.Append("--- ").AppendLine(expectedName);
        output.Append("+++ ").AppendLine(actualName);

        foreach (var hunk in Hunks(result.DiffBlocks, oldLines.Count, newLines.Count))
        {
            var (oldStart, oldEnd, newStart, newEnd, blocks) = hunk;
            output.AppendLine($"@@ -{oldStart + 1},{oldEnd - oldStart} +{newStart + 1},{newEnd - newStart} @@");
            var oldIndex = oldStart;
            var newIndex = newStart;
            foreach (var block in blocks)
            {
                while (oldIndex < block.DeleteStartA)
                {
                    output.Append("  ").AppendLine(oldLines[oldIndex++]);
                    newIndex++;
                }

                for (var i = 0; i < block.DeleteCountA; i++)
                {
                    output.Append("- ").AppendLine(oldLines[oldIndex++]);
                }

                for (var i = 0; i < block.InsertCountB; i++)
                {
                    output.Append("+ ").AppendLine(newLines[newIndex++]);
                }
            }

            while (oldIndex < oldEnd)
            {
                output.Append("  ").AppendLine(oldLines[oldIndex++]);
            }
        }

        return output.ToString();
    }

    /// <summary>Groups changed blocks whose context overlaps into one hunk.</summary>
    private static IEnumerable<(int OldStart, int OldEnd, int NewStart, int NewEnd, List<DiffBlock> Blocks)> Hunks(
        IList<DiffBlock> blocks, int oldCount, int newCount)
    {
        var index = 0;
        while (index < blocks.Count)
        {
            var group = new List<DiffBlock> { blocks[index] };
            while (index + 1 < blocks.Count
                   && blocks[index + 1].DeleteStartA - (blocks[index].DeleteStartA + blocks[index].DeleteCountA) <= 2 * ContextLines)
            {
                group.Add(blocks[++index]);
            }

            index++;
            var first = group[0];
            var last = group[^1];
            var oldStart = Math.Max(0, first.DeleteStartA - ContextLines);
            var newStart = Math.Max(0, first.InsertStartB - (first.DeleteStartA - oldStart));
            var oldEnd = Math.Min(oldCount, last.DeleteStartA + last.DeleteCountA + ContextLines);
            var trailing = oldEnd - (last.DeleteStartA + last.DeleteCountA);
            var newEnd = Math.Min(newCount, last.InsertStartB + last.InsertCountB + trailing);
            yield return (oldStart, oldEnd, newStart, newEnd, group);
        }
    }
}
