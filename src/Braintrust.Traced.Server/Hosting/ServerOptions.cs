using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Braintrust.Traced.Server.Hosting;

/// <summary>Settings read through ASP.NET Core configuration (appsettings, environment, command line).</summary>
public sealed record ServerOptions(
    string DataDir, string? PostgresConnectionString, long MaxBodyBytes, long MaxOverflowBytes, string? InitOrg, string? InitApiKey)
{
    public const long DefaultMaxBodyBytes = 32 * 1024 * 1024;
    public const long DefaultMaxOverflowBytes = 256 * 1024 * 1024;
    public const string DatabaseFileName = "braintrust-traced.db";
    public const string InitialKeyFileName = "initial-api-key.txt";

    public static ServerOptions From(IConfiguration configuration)
    {
        var maxBody = Bytes(configuration, "BRAINTRUST_TRACED_MAX_BODY_BYTES", DefaultMaxBodyBytes);
        return new ServerOptions(
            Path.GetFullPath(configuration["BRAINTRUST_TRACED_DATA_DIR"] is { Length: > 0 } dir ? dir : "./data"),
            configuration["BRAINTRUST_TRACED_POSTGRES"] is { Length: > 0 } pg ? pg : null,
            maxBody,
            Math.Max(maxBody, Bytes(configuration, "BRAINTRUST_TRACED_MAX_OVERFLOW_BYTES", DefaultMaxOverflowBytes)),
            configuration["BRAINTRUST_TRACED_INIT_ORG"] is { Length: > 0 } org ? org : null,
            configuration["BRAINTRUST_TRACED_INIT_API_KEY"] is { Length: > 0 } key ? key : null);
    }

    private static long Bytes(IConfiguration configuration, string name, long fallback)
    {
        if (configuration[name] is not { Length: > 0 } text)
        {
            return fallback;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1024
            ? value
            : throw new InvalidOperationException($"{name} must be a whole number of bytes, at least 1024 (was '{text}').");
    }

    public string SqlitePath => Path.Combine(DataDir, DatabaseFileName);

    public string InitialKeyPath => Path.Combine(DataDir, InitialKeyFileName);
}
