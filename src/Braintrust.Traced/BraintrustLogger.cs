using Braintrust.Traced.Runtime;
using Braintrust.Traced.Serialization;
using Braintrust.Traced.Shipping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Braintrust.Traced;

/// <summary>
/// Logs spans to one Braintrust project (the .NET counterpart of the official SDKs' <c>init_logger</c>). Everything
/// a span records is queued and shipped in the background; no call on this type waits for the network except
/// <see cref="Flush"/> and <see cref="FlushAsync"/>.
/// </summary>
public sealed class BraintrustLogger : IDisposable, IAsyncDisposable
{
    private static readonly Lock s_initLock = new();
    private static BraintrustLogger? s_current;
    private static bool s_environmentChecked;

    private readonly SpanShipper? _shipper;
    private readonly HttpClient? _http;
    private readonly ILogger _log;
    private int _disposed;

    private BraintrustLogger(string projectName, BraintrustOptions options)
    {
        ProjectName = projectName;
        Options = options;
        _log = options.LoggerFactory?.CreateLogger<BraintrustLogger>() ?? (ILogger)NullLogger.Instance;
        var exporter = options.Exporter;
        if (exporter is null && options.ApiKey is not null)
        {
            _http = new HttpClient(options.HttpMessageHandler ?? new SocketsHttpHandler(), disposeHandler: options.HttpMessageHandler is null)
            {
                Timeout = options.RequestTimeout,
            };
            exporter = new HttpSpanExporter(new BraintrustConnection(_http, options, projectName), rowsCarryProjectId: options.ProjectId is not null);
        }

        if (exporter is null)
        {
            const string message = "Braintrust: no API key (BRAINTRUST_API_KEY or BraintrustOptions.ApiKey) and no exporter: spans are not recorded.";
            BraintrustEventSource.Log.ConfigurationProblem(message);
            _log.LogWarning(message);
            return;
        }

        _shipper = new SpanShipper(options, exporter, new ValueSerializer(options), _log);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>
    /// The logger <c>[Traced]</c> methods and <see cref="StartSpan"/> calls without a logger use: the last one
    /// <see cref="Init"/> made, or one configured from the environment (<c>BRAINTRUST_API_KEY</c>,
    /// <c>BRAINTRUST_DEFAULT_PROJECT_NAME</c>) when an API key is set there; otherwise <see langword="null"/>.
    /// </summary>
    public static BraintrustLogger? Current
    {
        get
        {
            EnsureEnvironmentLogger();
            return Volatile.Read(ref s_current);
        }
    }

    /// <summary>The project the spans go to.</summary>
    public string ProjectName { get; }

    /// <summary>Whether spans are recorded (an API key or an exporter is configured and the logger is not disposed).</summary>
    public bool IsEnabled => _shipper is not null && Volatile.Read(ref _disposed) == 0;

    /// <summary>Rows lost because the queue was full (oldest first) or the logger was disposed.</summary>
    public long DroppedRowCount => _shipper?.DroppedRowCount ?? 0;

    /// <summary>Rows given up because the backend rejected them or kept failing after every retry.</summary>
    public long FailedRowCount => _shipper?.FailedRowCount ?? 0;

    internal BraintrustOptions Options { get; }

    /// <summary>
    /// Creates the logger for <paramref name="projectName"/> and makes it <see cref="Current"/>. Lazy: login and project
    /// registration happen in the background before the first delivery. Settings left unset in
    /// <paramref name="options"/> come from the official SDKs' environment variables.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="projectName"/> is empty or a setting is invalid; the message names it.</exception>
    public static BraintrustLogger Init(string projectName, BraintrustOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        var resolved = options?.Clone() ?? new BraintrustOptions();
        EnvironmentSettings.FillConnectionDefaults(resolved, Environment.GetEnvironmentVariable);
        resolved.Validate();
        var logger = new BraintrustLogger(projectName, resolved);
        lock (s_initLock)
        {
            s_environmentChecked = true;
            Volatile.Write(ref s_current, logger);
            TracedCalls.Publish(logger);
        }

        return logger;
    }

    /// <summary>
    /// Starts a span and makes it <see cref="Span.Current"/> until it ends. It is a child of <see cref="Span.Current"/>,
    /// or of the span <paramref name="parent"/> identifies (a <see cref="Span.Export"/> string from another thread or process).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or <paramref name="parent"/> is not an exported span.</exception>
    /// <param name="name">The span name.</param>
    /// <param name="type">The span type; <see cref="SpanType.Task"/> by default.</param>
    /// <param name="parent">An exported span to continue, or <see langword="null"/> for a child of <see cref="Span.Current"/>.</param>
    /// <param name="setCurrent">
    /// <see langword="false"/> leaves <see cref="Span.Current"/> alone: for a span that ends on another flow (a stream, a
    /// callback), so code the caller runs next does not nest under it.
    /// </param>
    public Span StartSpan(string name, SpanType type = SpanType.Task, string? parent = null, bool setCurrent = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var remote = parent is null ? null : ParentReference.Parse(parent, nameof(parent));
        var span = new Span(this, name, type, method: null, parent: remote is null ? Span.Current : null, remoteParent: remote);
        if (setCurrent)
        {
            span.MakeCurrent();
        }
        else
        {
            span.RestoreCallerActivity();
        }

        return span;
    }

    /// <summary>
    /// Updates a span after the fact (Braintrust's <c>log_feedback</c>): <paramref name="scores"/> merge key by key and
    /// <paramref name="expected"/> and <paramref name="tags"/> replace; <paramref name="comment"/> is added as a comment
    /// on the span. <paramref name="metadata"/> describes the feedback itself (who gave it), not the span.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, or none of scores, expected, comment and tags is given.</exception>
    public void LogFeedback(
        string id,
        IReadOnlyDictionary<string, double?>? scores = null,
        object? expected = null,
        string? comment = null,
        IReadOnlyDictionary<string, object?>? metadata = null,
        string source = "external",
        IEnumerable<string>? tags = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (scores is null && expected is null && comment is null && tags is null)
        {
            throw new ArgumentException("LogFeedback needs at least one of scores, expected, comment or tags.", nameof(scores));
        }

        if (scores is not null || expected is not null || tags is not null)
        {
            Enqueue(new FeedbackMergeRow(id, Snapshots.Copy(scores), expected, Snapshots.Copy(tags), Snapshots.Copy(metadata), source));
        }

        if (comment is not null)
        {
            Enqueue(new FeedbackCommentRow(id, comment, Snapshots.Copy(metadata), source, DateTime.UtcNow.Ticks));
        }
    }

    /// <summary>Blocks until every row queued before the call is delivered or given up.</summary>
    public void Flush() => FlushAsync().GetAwaiter().GetResult();

    /// <summary>Completes once every row queued before the call is delivered or given up.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        _shipper?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Delivers what is queued (waiting at most <see cref="BraintrustOptions.ShutdownTimeout"/>) and stops shipping.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (s_initLock)
        {
            if (ReferenceEquals(s_current, this))
            {
                Volatile.Write(ref s_current, null);
                TracedCalls.Publish(null);
            }
        }

        if (_shipper is not null)
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            await _shipper.ShutdownAsync(Options.ShutdownTimeout).ConfigureAwait(false);
        }

        _http?.Dispose();
    }

    /// <summary>Configures <see cref="Current"/> from the environment, once, unless <see cref="Init"/> came first.</summary>
    internal static void EnsureEnvironmentLogger()
    {
        if (Volatile.Read(ref s_environmentChecked))
        {
            return;
        }

        lock (s_initLock)
        {
            if (s_environmentChecked)
            {
                return;
            }

            s_environmentChecked = true;
            BraintrustLogger? logger = null;
            try
            {
                var options = EnvironmentSettings.Read(Environment.GetEnvironmentVariable);
                if (options.ApiKey is not null)
                {
                    options.Validate();
                    logger = new BraintrustLogger(EnvironmentSettings.ProjectName(Environment.GetEnvironmentVariable), options);
                }
            }
            catch (ArgumentException exception)
            {
                // Reached from the first [Traced] call: a bad variable must not break the user's method, only tracing.
                BraintrustEventSource.Log.ConfigurationProblem($"Braintrust: tracing disabled: {exception.Message}");
            }

            Volatile.Write(ref s_current, logger);
            TracedCalls.Publish(logger);
        }
    }

    internal void Enqueue(IPendingRow row) => _shipper?.Enqueue(row);

    internal void WatchRunningSpan(Span span) => _shipper?.WatchRunningSpan(span);

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            _shipper?.FlushAsync(CancellationToken.None).Wait(Options.ShutdownTimeout);
        }
        catch (AggregateException exception)
        {
            _log.LogWarning(exception, "Braintrust: flushing at process exit failed.");
        }
    }
}
