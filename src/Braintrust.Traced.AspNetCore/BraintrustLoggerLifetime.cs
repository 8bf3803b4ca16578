using Microsoft.Extensions.Hosting;

namespace Braintrust.Traced.AspNetCore;

/// <summary>
/// Ties the logger to the host: created when the host starts (so it is <see cref="BraintrustLogger.Current"/> before
/// the first request and <c>[Traced]</c> methods anywhere in the app record to it), flushed when the host stops so
/// that the spans of the last requests are delivered before the process ends.
/// </summary>
internal sealed class BraintrustLoggerLifetime(BraintrustLogger logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The host's shutdown timeout bounds the wait through the token; the container then disposes the logger,
    // which stops its worker.
    public Task StopAsync(CancellationToken cancellationToken) => logger.FlushAsync(cancellationToken);
}
