using System.Reflection;

namespace Braintrust.Traced.Samples.Tests.Infrastructure;

/// <summary>Where the programs the tests run were built (paths recorded by the project file at build time).</summary>
internal static class BuiltPrograms
{
    public static string Server => Path("ServerPath");

    public static string Quickstart => Path("QuickstartPath");

    public static string AspNetCoreFeedback => Path("AspNetCoreFeedbackPath");

    public static string DistributedTrace => Path("DistributedTracePath");

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Braintrust.Traced.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"repository root (Braintrust.Traced.sln) not found above {AppContext.BaseDirectory}");
        }
    }

    private static string Path(string key)
    {
        var path = typeof(BuiltPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        var full = System.IO.Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new FileNotFoundException($"{key}: {full} was not built", full);
    }
}
