using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced;

/// <summary>
/// How a <see cref="BraintrustLogger"/> connects and ships. Every property has a working default; <see cref="ApiKey"/>,
/// <see cref="AppUrl"/>, <see cref="ApiUrl"/> and <see cref="OrgName"/> fall back to the official SDKs' environment
/// variables when left <see langword="null"/>.
/// </summary>
public sealed class BraintrustOptions
{
    /// <summary>The app URL used when neither <see cref="AppUrl"/> nor <c>BRAINTRUST_APP_URL</c> is set.</summary>
    public const string DefaultAppUrl = "https://www.braintrust.dev";

    /// <summary>The API key; <c>BRAINTRUST_API_KEY</c> when <see langword="null"/>. Sent only as a bearer token, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Where login and project registration go; <c>BRAINTRUST_APP_URL</c>, then <see cref="DefaultAppUrl"/>.</summary>
    public string? AppUrl { get; set; }

    /// <summary>Where rows are posted; <c>BRAINTRUST_API_URL</c>, then the <c>api_url</c> the login answer names.</summary>
    public string? ApiUrl { get; set; }

    /// <summary>The organization to log into when the key belongs to several; <c>BRAINTRUST_ORG_NAME</c>, then the first one.</summary>
    public string? OrgName { get; set; }

    /// <summary>The project's id, when known: skips registering the project by name.</summary>
    public string? ProjectId { get; set; }

    /// <summary>Where rows go instead of Braintrust's HTTP API (e.g. <see cref="InMemorySpanExporter"/>); no API key is needed then.</summary>
    public ISpanExporter? Exporter { get; set; }

    /// <summary>The largest a single serialized field (input, output, a metadata value...) may be; larger ones are truncated with a marker. Default 1 MB.</summary>
    public int MaxFieldBytes { get; set; } = 1024 * 1024;

    /// <summary>The most items of a traced sequence kept in its output (the total count is always recorded). Default 100.</summary>
    public int MaxRecordedItems { get; set; } = 100;

    /// <summary>How many rows may wait to be shipped; when full, the oldest are dropped and counted. Default 15000.</summary>
    public int QueueCapacity { get; set; } = 15_000;

    /// <summary>The most rows in one request. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The most (estimated) bytes in one request. Default 3 MB.</summary>
    public int MaxBatchBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>How long the shipper waits for a batch to fill before sending what it has. Default 500 ms.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times a failed request is retried (network errors, 408, 429, 5xx) before its rows are given up. Default 8.</summary>
    public int MaxRetries { get; set; } = 8;

    /// <summary>The first retry delay; each retry doubles it, with jitter. Default 500 ms.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed retry delay. A server's <c>Retry-After</c> is honoured even when longer (up to 5 minutes). Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A span still running this long after it started is shipped early, as a partial row (its name, parent, input, tags
    /// and start time), so a long trace appears in the logs while it runs, with the step it is on; the row at its end
    /// completes it. Spans that end sooner ship one row, as before. <see langword="null"/> ships every span only when
    /// it ends. Default 2 s.
    /// </summary>
    public TimeSpan? ShowRunningTracesAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// While a span shipped early (see <see cref="ShowRunningTracesAfter"/>) is still open, a small row saying it is alive
    /// (its ids only, as a merge, so it never changes what is stored) is shipped this often. A span with a start and no
    /// end counts as <em>running</em> only while the server has heard of it recently (5 minutes by default on our
    /// server); after that the UI shows it as <em>unfinished</em>, with when it was last heard from, which is what a span
    /// of a process that died looks like. Keep this well under the server's timeout, or long spans that are still
    /// working show as unfinished. <see langword="null"/> sends none. Irrelevant when <see cref="ShowRunningTracesAfter"/>
    /// is <see langword="null"/>. Default 1 minute.
    /// </summary>
    public TimeSpan? RunningSpanHeartbeat { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The timeout of one HTTP request. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long process exit and <see cref="BraintrustLogger.Dispose"/> wait for queued rows to be delivered. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the runtime's own warnings go (dropped rows, failed requests). Also published on the <c>Braintrust-Traced</c> EventSource.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Options for serializing your values (naming policy, converters). Copied; a resolver in it is used for your types.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>Contracts for your types (e.g. your source-generated <c>JsonSerializerContext</c>); required for trimmed and native AOT apps.</summary>
    public IJsonTypeInfoResolver? JsonTypeInfoResolver { get; set; }

    /// <summary>
    /// Also reports every span as a <see cref="System.Diagnostics.Activity"/> of the <c>Braintrust.Traced</c>
    /// <see cref="System.Diagnostics.ActivitySource"/>, so an OpenTelemetry pipeline sees the same spans (llm spans with the
    /// GenAI semantic conventions). Off by default; costs nothing while no listener samples that source.
    /// </summary>
    public bool EmitActivities { get; set; }

    /// <summary>The HTTP handler to send requests through (proxies, custom certificates). The logger does not dispose it.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>
    /// Options filled from the environment variables the official SDKs read: <c>BRAINTRUST_API_KEY</c>, <c>BRAINTRUST_APP_URL</c>,
    /// <c>BRAINTRUST_API_URL</c>, <c>BRAINTRUST_ORG_NAME</c>, <c>BRAINTRUST_DEFAULT_BATCH_SIZE</c>, <c>BRAINTRUST_NUM_RETRIES</c>
    /// and <c>BRAINTRUST_QUEUE_DROP_EXCEEDING_MAXSIZE</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A numeric variable is not a positive whole number; the message names it.</exception>
    public static BraintrustOptions FromEnvironment() => EnvironmentSettings.Read(Environment.GetEnvironmentVariable);

    /// <summary>Checks every setting and names the first bad one.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or malformed.</exception>
    public void Validate()
    {
        RequirePositive(MaxFieldBytes, nameof(MaxFieldBytes));
        RequirePositive(MaxRecordedItems, nameof(MaxRecordedItems));
        RequirePositive(QueueCapacity, nameof(QueueCapacity));
        RequirePositive(BatchSize, nameof(BatchSize));
        RequirePositive(MaxBatchBytes, nameof(MaxBatchBytes));
        if (MaxRetries < 0)
        {
            throw new ArgumentException($"BraintrustOptions.{nameof(MaxRetries)} must be zero or more, not {MaxRetries}.", nameof(MaxRetries));
        }

        RequirePositive(FlushInterval, nameof(FlushInterval));
        RequirePositive(InitialRetryDelay, nameof(InitialRetryDelay));
        RequirePositive(MaxRetryDelay, nameof(MaxRetryDelay));
        RequirePositive(RequestTimeout, nameof(RequestTimeout));
        RequirePositive(ShutdownTimeout, nameof(ShutdownTimeout));
        if (ShowRunningTracesAfter is { } runningAfter)
        {
            RequirePositive(runningAfter, nameof(ShowRunningTracesAfter));
        }

        if (RunningSpanHeartbeat is { } heartbeat)
        {
            RequirePositive(heartbeat, nameof(RunningSpanHeartbeat));
        }

        if (ApiKey is not null && (ApiKey.Length == 0 || ApiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            // The message must not echo the key: it may end up in logs.
            throw new ArgumentException($"BraintrustOptions.{nameof(ApiKey)} must be non-empty and contain no whitespace or control characters.", nameof(ApiKey));
        }

        RequireAbsoluteUrl(AppUrl, nameof(AppUrl));
        RequireAbsoluteUrl(ApiUrl, nameof(ApiUrl));
    }

    internal BraintrustOptions Clone() => (BraintrustOptions)MemberwiseClone();

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"BraintrustOptions.{name} must be positive, not {value}.", name);
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"BraintrustOptions.{name} must be a positive duration, not {value}.", name);
        }
    }

    private static void RequireAbsoluteUrl(string? value, string name)
    {
        if (value is not null && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"BraintrustOptions.{name} must be an absolute http(s) URL, not \"{value}\".", name);
        }
    }
}
