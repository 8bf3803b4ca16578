using System.Data.Common;

namespace Braintrust.Traced.Server.WebUi.Sessions;

/// <summary>
/// Where sessions are kept: the server's own database (its SQLite file, or the PostgreSQL database every server
/// instance shares, so a browser stays signed in across restarts and across instances behind a load balancer).
/// Subclasses only know how to connect and how to apply <see cref="UiSessionMigrations"/> safely on their engine.
/// </summary>
internal abstract class UiSessionDatabase : IAsyncDisposable
{
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    public abstract Task MigrateAsync(CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    protected static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>Both providers accept <c>@name</c> parameters, which keeps the session SQL engine-neutral.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
