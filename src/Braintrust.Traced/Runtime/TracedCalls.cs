using System.ComponentModel;

namespace Braintrust.Traced.Runtime;

/// <summary>
/// The entry point that code generated for <see cref="TracedAttribute"/> methods calls. Not for hand-written code:
/// use <c>BraintrustLogger</c> and <c>Span</c> instead.
/// </summary>
/// <remarks>
/// Generated code reads <see cref="IsEnabled"/> first and calls the body directly when it is <see langword="false"/>,
/// so a traced call with no logger costs a static field read and allocates nothing.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TracedCalls
{
    /// <summary>The value recorded for a <see cref="RedactAttribute"/> parameter.</summary>
    public const string RedactedValue = "[redacted]";

    private const int Unconfigured = 0;
    private const int Disabled = 1;
    private const int Enabled = 2;

    // One field decides the hot path; the logger is only read once tracing is known to be on.
    private static int s_state;
    private static BraintrustLogger? s_logger;

    /// <summary>
    /// <see langword="true"/> when a logger records spans. The first read before any <c>BraintrustLogger.Init</c>
    /// configures a logger from the environment (<c>BRAINTRUST_API_KEY</c>, <c>BRAINTRUST_DEFAULT_PROJECT_NAME</c>);
    /// with no API key it stays <see langword="false"/>.
    /// </summary>
    public static bool IsEnabled
    {
        get
        {
            var state = s_state;
            return state == Enabled || (state == Unconfigured && ConfigureFromEnvironment());
        }
    }

    /// <summary>
    /// Starts a span for <paramref name="method"/> as a child of the current span (or as a root span) and makes it
    /// the current span until the scope is disposed or handed to a Trace* method.
    /// </summary>
    public static TracedScope Begin(TracedMethod method)
    {
        var logger = Volatile.Read(ref s_logger);
        if (logger is null || method is null)
        {
            return default;
        }

        var parent = Span.CurrentValue;
        var span = new Span(logger, method.SpanName, method.SpanType, method, parent, remoteParent: null);
        Span.CurrentValue = span;
        return new TracedScope(span, parent);
    }

    /// <summary>Makes <paramref name="logger"/> the one traced calls record to (or turns tracing off). Called under the init lock.</summary>
    internal static void Publish(BraintrustLogger? logger)
    {
        var active = logger is { IsEnabled: true } ? logger : null;
        Volatile.Write(ref s_logger, active);
        Volatile.Write(ref s_state, active is null ? Disabled : Enabled);
    }

    private static bool ConfigureFromEnvironment()
    {
        BraintrustLogger.EnsureEnvironmentLogger();
        return Volatile.Read(ref s_state) == Enabled;
    }
}
