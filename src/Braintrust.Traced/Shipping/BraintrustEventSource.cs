using System.Diagnostics.Tracing;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// The runtime's warnings as events (name <c>Braintrust-Traced</c>), for apps that configure no <c>ILoggerFactory</c>:
/// <c>dotnet-trace</c>/<c>dotnet-counters</c> and EventListeners see them. Messages never contain the API key.
/// </summary>
[EventSource(Name = "Braintrust-Traced")]
internal sealed class BraintrustEventSource : EventSource
{
    public static readonly BraintrustEventSource Log = new();

    [Event(1, Level = EventLevel.Warning, Message = "The span queue was full: {0} rows dropped so far (oldest first).")]
    public void RowsDropped(long totalDropped) => WriteEvent(1, totalDropped);

    [Event(2, Level = EventLevel.Warning, Message = "Gave up delivering {0} rows: {1}")]
    public void RowsGivenUp(int rowCount, string reason) => WriteEvent(2, rowCount, reason);

    [Event(3, Level = EventLevel.Informational, Message = "Delivery failed ({0}); retrying in {1} ms.")]
    public void RetryScheduled(string reason, long delayMilliseconds) => WriteEvent(3, reason, delayMilliseconds);

    [Event(4, Level = EventLevel.Warning, Message = "{0}")]
    public void ConfigurationProblem(string message) => WriteEvent(4, message);
}
