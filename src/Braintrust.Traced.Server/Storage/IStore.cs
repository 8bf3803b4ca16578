namespace Braintrust.Traced.Server.Storage;

/// <summary>A storage backend (SQLite or PostgreSQL) with identical behaviour.</summary>
public interface IStore : IAccountStore, ILogStore, ITraceStore, IAsyncDisposable
{
    /// <summary>Human-readable location of the data ("SQLite file /x/y.db", "PostgreSQL host:port/db").</summary>
    string Description { get; }

    /// <summary>Applies pending schema migrations (versioned, never destructive). Called on start.</summary>
    Task MigrateAsync(CancellationToken ct);
}
