using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Postgres;
using Braintrust.Traced.Server.Storage.Sqlite;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>Fresh, migrated, empty stores of either backend.</summary>
internal static class TestStores
{
    /// <param name="time">The store's clock (the written spans' last_heard); the system clock when null.</param>
    public static async Task<IStore> CreateAsync(StoreBackend backend, TempDirectory directory, TimeProvider? time = null)
    {
        IStore store = backend switch
        {
            StoreBackend.Sqlite => new SqliteStore(Path.Combine(directory.Path, "test.db"), time),
            _ => new PostgresStore(PostgresCluster.Instance.CreateDatabase(), time),
        };
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Server arguments that select the backend (a fresh Postgres database, or SQLite in the data dir).</summary>
    public static IEnumerable<string> ServerArguments(StoreBackend backend)
        => backend == StoreBackend.Postgres
            ? [$"--BRAINTRUST_TRACED_POSTGRES={PostgresCluster.Instance.CreateDatabase()}"]
            : [];
}
