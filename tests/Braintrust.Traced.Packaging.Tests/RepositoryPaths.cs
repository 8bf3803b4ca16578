namespace Braintrust.Traced.Packaging.Tests;

/// <summary>Where the repository is, found from the test's own output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Braintrust.Traced.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Braintrust.Traced.sln not found above " + AppContext.BaseDirectory);
    }
}
