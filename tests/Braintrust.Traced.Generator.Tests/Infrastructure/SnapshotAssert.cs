using System.Runtime.CompilerServices;

namespace Braintrust.Traced.Generator.Tests.Infrastructure;

/// <summary>
/// Compares generated source with an approved file in <c>Snapshots/</c>. A difference writes the new text beside it as
/// <c>*.received.cs</c> and fails with a unified diff; running with <c>BRAINTRUST_TRACED_ACCEPT_SNAPSHOTS=1</c> approves it.
/// </summary>
internal static class SnapshotAssert
{
    public const string AcceptVariable = "BRAINTRUST_TRACED_ACCEPT_SNAPSHOTS";

    public static void Matches(GeneratorRun run, [CallerMemberName] string testName = "", [CallerFilePath] string callerFile = "")
    {
        Assert.That(run.GeneratedSources, Is.Not.Empty, "the generator wrote no file");
        foreach (var (hintName, text) in run.GeneratedSources)
        {
            var name = run.GeneratedSources.Count == 1 ? testName : testName + "#" + hintName.Replace(".g.cs", "", StringComparison.Ordinal);
            MatchesFile(text, name, callerFile);
        }
    }

    public static void MatchesFile(string actual, string snapshotName, string callerFile)
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verifiedPath = Path.Combine(directory, snapshotName + ".verified.cs");
        var receivedPath = Path.Combine(directory, snapshotName + ".received.cs");
        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        actual = Normalize(actual);

        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        var diff = UnifiedDiff.Render(expected ?? "", actual, Path.GetFileName(verifiedPath), Path.GetFileName(receivedPath));
        Assert.Fail(
            (expected is null ? $"No approved snapshot {verifiedPath}." : $"Generated source differs from {verifiedPath}.")
            + $"\nWrote {receivedPath}. Set {AcceptVariable}=1 to approve.\n\n{diff}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
