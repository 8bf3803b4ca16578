using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Postgres;
using Braintrust.Traced.Server.Storage.Sqlite;

namespace Braintrust.Traced.Server.Hosting;

/// <summary>PostgreSQL when a connection string is configured, otherwise the embedded SQLite file.</summary>
public static class StoreFactory
{
    public static IStore Create(ServerOptions options)
        => options.PostgresConnectionString is { } connectionString
            ? new PostgresStore(connectionString)
            : new SqliteStore(options.SqlitePath);
}
