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

    /// <summary>
    /// <see langword="true"/> when a logger records spans. The first read before any <c>BraintrustLogger.Init</c>
    /// configures a logger from the environment (<c>BRAINTRUST_API_KEY</c>, <c>BRAINTRUST_DEFAULT_PROJECT_NAME</c>);
    /// with no API key it stays <see langword="false"/>.
    /// </summary>
    public static bool IsEnabled => throw new NotImplementedException();

    /// <summary>
    /// Starts a span for <paramref name="method"/> as a child of the current span (or as a root span) and makes it
    /// the current span until the scope is disposed or handed to a Trace* method.
    /// </summary>
    public static TracedScope Begin(TracedMethod method) => throw new NotImplementedException();
}
