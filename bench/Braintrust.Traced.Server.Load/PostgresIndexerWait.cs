using Npgsql;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// Waits until the server's search indexer has indexed every committed span (its watermark <c>search_xact</c> reached
/// the transaction counter), so the database CPU it spent on the timed rows after their last answer is counted too.
/// </summary>
internal static class PostgresIndexerWait
{
    public static async Task UntilCaughtUpAsync(string connectionString, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var behind = new NpgsqlCommand(
            "SELECT (SELECT value FROM counters WHERE name = 'xact') - (SELECT value FROM counters WHERE name = 'search_xact')", connection);
        while ((long)(await behind.ExecuteScalarAsync())! > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the search indexer did not catch up within a minute");
            }
            await Task.Delay(50);
        }
    }
}
