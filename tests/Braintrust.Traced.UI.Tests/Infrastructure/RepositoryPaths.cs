namespace Braintrust.Traced.UI.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from (found by walking up from the test assembly).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The UI bundle the server's build produced (the MSBuild target in src/Braintrust.Traced.UI).</summary>
    public static string UiBundle => System.IO.Path.Combine(Root, "src", "Braintrust.Traced.Server", "wwwroot", "app");

    /// <summary>Where current screenshots are kept for the docs.</summary>
    public static string DocsImages => System.IO.Path.Combine(Root, "docs", "images");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Packages.props")) && Directory.Exists(System.IO.Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }
}
