using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Braintrust.Traced.Server.WebUi;

/// <summary>
/// Where the built front end (Vite's output, index.html plus hashed assets) is on disk: the setting
/// BRAINTRUST_TRACED_UI_DIR, else wwwroot/app under the content root (dotnet run), else next to the server's
/// assembly (a published or copied build). Null directory when none of them holds a build.
/// </summary>
internal sealed record UiBundle(string? Directory)
{
    public const string SettingName = "BRAINTRUST_TRACED_UI_DIR";

    public string? IndexPath => Directory is null ? null : Path.Combine(Directory, "index.html");

    public static UiBundle Locate(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[SettingName] is { Length: > 0 } configured)
        {
            return new UiBundle(File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null);
        }
        string[] candidates =
        [
            Path.Combine(environment.ContentRootPath, "wwwroot", "app"),
            Path.Combine(AppContext.BaseDirectory, "wwwroot", "app"),
        ];
        return new UiBundle(candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "index.html"))));
    }
}
