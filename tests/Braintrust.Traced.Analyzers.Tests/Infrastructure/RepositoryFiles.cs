namespace Braintrust.Traced.Analyzers.Tests.Infrastructure;

/// <summary>Finds files of this repository from the test's output directory.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(params string[] relativePath) => File.ReadAllText(Path.Combine(Root, Path.Combine(relativePath)));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Braintrust.Traced.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Braintrust.Traced.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
