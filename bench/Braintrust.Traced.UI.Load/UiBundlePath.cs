namespace Braintrust.Traced.UI.Load;

/// <summary>Finds the UI bundle the server's build produced, walking up from this program to the repository.</summary>
internal static class UiBundlePath
{
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Braintrust.Traced.Server", "wwwroot", "app");
            if (File.Exists(Path.Combine(candidate, "index.html")))
            {
                return candidate;
            }
        }
        return null;
    }
}
