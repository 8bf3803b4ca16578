using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Braintrust.Traced.Server.Live;

/// <summary>
/// Wakes this server's live streams when any server sharing the PostgreSQL database commits a change. Each write
/// already wakes the streams of the server that took it; without this, a stream on another server would see the change
/// only at its next keep-alive (<see cref="LiveStream.KeepAlive"/>). The database notifies on commit (schema version 5:
/// a trigger on spans and comments); this keeps one connection listening, and reconnects with backoff if it drops.
/// </summary>
internal sealed class PostgresChangeListener(string connectionString, SpanChangeNotifier notifier, ILogger<PostgresChangeListener> logger)
    : IHostedService, IAsyncDisposable
{
    public const string Channel = "braintrust_traced_changes";

    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task? _listening;

    /// <summary>Starts listening before the server takes requests, so no change made after start is missed.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            _connection = await ListenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Live updates from other servers are delayed until the database accepts the listening connection again.");
        }
        _listening = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        if (_listening is not null)
        {
            await _listening.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var retryDelay = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                _connection ??= await ListenAsync(stop);
                retryDelay = TimeSpan.FromSeconds(1);
                while (true)
                {
                    await _connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                logger.LogWarning(e, "The listening connection for live updates failed; reconnecting in {Delay}.", retryDelay);
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                    _connection = null;
                }
                await Task.Delay(retryDelay, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retryDelay = retryDelay * 2 < s_maxRetryDelay ? retryDelay * 2 : s_maxRetryDelay;
            }
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken ct)
    {
        // Keep-alive probes notice a connection that died silently (a failover, a dropped NAT entry); pooling is off so
        // a broken listening connection is never handed to anyone else.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            connection.Notification += (_, _) => notifier.Publish();
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            {
                await listen.ExecuteNonQueryAsync(ct);
            }
            // Changes committed while no connection listened (a reconnect) would otherwise wait for the keep-alive.
            notifier.Publish();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
