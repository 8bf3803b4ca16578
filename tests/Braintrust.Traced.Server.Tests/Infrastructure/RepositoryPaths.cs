namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>Locates files of the repository from the test binaries (walks up to the folder with the solution).</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Braintrust.Traced.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException($"repository root (Braintrust.Traced.sln) not found above {AppContext.BaseDirectory}");
        }
    }
}
