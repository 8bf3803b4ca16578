using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Storage;
using Microsoft.Extensions.Configuration;

namespace Braintrust.Traced.Server.Cli;

/// <summary>
/// <c>keys create --org NAME [--name LABEL]</c>, <c>keys list [--org NAME]</c>, <c>keys revoke KEY_ID</c>.
/// Uses the same configuration as the server (BRAINTRUST_TRACED_DATA_DIR / BRAINTRUST_TRACED_POSTGRES, or
/// <c>--data-dir</c>). Exit codes: 0 ok, 1 not found, 2 usage error.
/// </summary>
public static class KeysCommand
{
    private const string Usage = """
        usage: keys create --org <org name> [--name <label>]   create a key (creates the org if missing); prints it once
               keys list [--org <org name>]                   list key ids (never the keys)
               keys revoke <key id>                           revoke a key
        options: --data-dir <dir> (default BRAINTRUST_TRACED_DATA_DIR or ./data)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, IConfiguration? baseConfiguration = null)
    {
        if (args.Length == 0)
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var verb = args[0];
        var (flags, positional) = ParseFlags(args[1..]);
        if (flags is null)
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(baseConfiguration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build())
            .AddInMemoryCollection(flags.TryGetValue("data-dir", out var dir) ? [new("BRAINTRUST_TRACED_DATA_DIR", dir)] : [])
            .Build();
        var options = ServerOptions.From(configuration);
        await using var store = StoreFactory.Create(options);
        await store.MigrateAsync(CancellationToken.None);
        return verb switch
        {
            "create" => await CreateAsync(store, flags, output, errors),
            "list" => await ListAsync(store, flags, output, errors),
            "revoke" when positional.Count == 1 => await RevokeAsync(store, positional[0], output, errors),
            _ => await UsageErrorAsync(errors),
        };
    }

    private static async Task<int> CreateAsync(IStore store, Dictionary<string, string> flags, TextWriter output, TextWriter errors)
    {
        if (!flags.TryGetValue("org", out var orgName) || orgName.Trim().Length == 0)
        {
            await errors.WriteLineAsync("keys create: --org <org name> is required");
            return 2;
        }
        var org = await store.FindOrgByNameAsync(orgName, CancellationToken.None);
        if (org is null)
        {
            org = await store.CreateOrgAsync(orgName, CancellationToken.None);
            await output.WriteLineAsync($"Created organization '{org.Name}' ({org.Id}).");
        }
        var (key, record) = await new ApiKeyService(store).CreateAsync(org.Id, flags.GetValueOrDefault("name") ?? "cli", CancellationToken.None);
        await output.WriteLineAsync($"Created API key {record.KeyId} for organization '{org.Name}'. It is shown once:");
        await output.WriteLineAsync(key);
        return 0;
    }

    private static async Task<int> ListAsync(IStore store, Dictionary<string, string> flags, TextWriter output, TextWriter errors)
    {
        string? orgId = null;
        if (flags.TryGetValue("org", out var orgName))
        {
            var org = await store.FindOrgByNameAsync(orgName, CancellationToken.None);
            if (org is null)
            {
                await errors.WriteLineAsync($"keys list: no organization named '{orgName}'");
                return 1;
            }
            orgId = org.Id;
        }
        await output.WriteLineAsync("KEY ID            ORG                                   NAME        CREATED                       STATUS");
        foreach (var key in await store.ListApiKeysAsync(orgId, CancellationToken.None))
        {
            var status = key.Revoked is { } revoked ? $"revoked {AccountRowReader.Text(revoked)}" : "active";
            await output.WriteLineAsync($"{key.KeyId,-17} {key.OrgId,-37} {key.Name,-11} {AccountRowReader.Text(key.Created),-29} {status}");
        }
        return 0;
    }

    private static async Task<int> RevokeAsync(IStore store, string keyId, TextWriter output, TextWriter errors)
    {
        if (!await store.RevokeApiKeyAsync(keyId, DateTimeOffset.UtcNow, CancellationToken.None))
        {
            await errors.WriteLineAsync($"keys revoke: no active key with id '{keyId}'");
            return 1;
        }
        await output.WriteLineAsync(
            $"Revoked API key {keyId}. Running servers refuse it from the next request on.");
        return 0;
    }

    private static async Task<int> UsageErrorAsync(TextWriter errors)
    {
        await errors.WriteLineAsync(Usage);
        return 2;
    }

    private static (Dictionary<string, string>? Flags, List<string> Positional) ParseFlags(string[] args)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length)
                {
                    return (null, positional);
                }
                flags[args[i][2..]] = args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        return (flags, positional);
    }
}
