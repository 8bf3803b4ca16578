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
    public const string RunningTimeoutSetting = "BRAINTRUST_TRACED_RUNNING_TIMEOUT";
    public static readonly TimeSpan DefaultRunningTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after the server last heard of a span without an end the query API still calls it running; after
    /// that it is shown as unfinished (its process may have died). Runtimes re-send an open span every minute.
    /// </summary>
    public TimeSpan RunningTimeout { get; init; } = DefaultRunningTimeout;

    public static ServerOptions From(IConfiguration configuration)
    {
        var maxBody = Bytes(configuration, "BRAINTRUST_TRACED_MAX_BODY_BYTES", DefaultMaxBodyBytes);
        return new ServerOptions(
            Path.GetFullPath(configuration["BRAINTRUST_TRACED_DATA_DIR"] is { Length: > 0 } dir ? dir : "./data"),
            configuration["BRAINTRUST_TRACED_POSTGRES"] is { Length: > 0 } pg ? pg : null,
            maxBody,
            Math.Max(maxBody, Bytes(configuration, "BRAINTRUST_TRACED_MAX_OVERFLOW_BYTES", DefaultMaxOverflowBytes)),
            configuration["BRAINTRUST_TRACED_INIT_ORG"] is { Length: > 0 } org ? org : null,
            configuration["BRAINTRUST_TRACED_INIT_API_KEY"] is { Length: > 0 } key ? key : null)
        {
            RunningTimeout = Duration(configuration, RunningTimeoutSetting, DefaultRunningTimeout),
        };
    }

    /// <summary>A duration setting: whole seconds ("300") or a time span ("00:05:00"), at least one second.</summary>
    private static TimeSpan Duration(IConfiguration configuration, string name, TimeSpan fallback)
    {
        if (configuration[name] is not { Length: > 0 } text)
        {
            return fallback;
        }
        var value = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span) ? span : TimeSpan.Zero;
        return value >= TimeSpan.FromSeconds(1)
            ? value
            : throw new InvalidOperationException($"{name} must be a whole number of seconds or a time span like 00:05:00, at least 1 second (was '{text}').");
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
