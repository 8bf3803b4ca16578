using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Hosting;

/// <summary>
/// First start of an empty database: creates an org and an admin key. A generated key is shown once on the
/// console and written to a file only the owner can read; an operator-supplied key
/// (BRAINTRUST_TRACED_INIT_API_KEY) is stored hashed and never echoed.
/// </summary>
public sealed class Bootstrapper(IStore store, ServerOptions options, TextWriter console)
{
    public const string DefaultOrgName = "default";

    public async Task RunAsync(CancellationToken ct)
    {
        if (await store.AnyOrgAsync(ct))
        {
            return;
        }
        var org = await store.CreateOrgAsync(options.InitOrg ?? DefaultOrgName, ct);
        var keys = new ApiKeyService(store);
        if (options.InitApiKey is { } supplied)
        {
            await keys.ImportAsync(org.Id, "init", supplied, ct);
            await console.WriteLineAsync($"Created organization '{org.Name}' with the API key from BRAINTRUST_TRACED_INIT_API_KEY.");
            return;
        }
        var (key, record) = await keys.CreateAsync(org.Id, "admin", ct);
        Directory.CreateDirectory(options.DataDir);
        await WriteOwnerOnlyAsync(options.InitialKeyPath, key + Environment.NewLine, ct);
        await console.WriteLineAsync($"""
            Created organization '{org.Name}' and its first API key (id {record.KeyId}). It is shown ONCE:

                {key}

            A copy readable only by you is in {options.InitialKeyPath}; delete it once you have stored the key.
            """);
    }

    private static async Task WriteOwnerOnlyAsync(string path, string text, CancellationToken ct)
    {
        var streamOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var stream = new FileStream(path, streamOptions);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), ct);
    }
}
