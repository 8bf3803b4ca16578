using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Statements prepared once inside one transaction and reused for every row (only parameter values change), disposed
/// together with it. Preparing per row was most of the per-row cost of the writer and of the roll-up backfill.
/// </summary>
internal sealed class SqlitePreparedCommands(SqliteConnection connection, SqliteTransaction tx) : IDisposable
{
    private readonly List<SqliteCommand> _commands = [];

    /// <summary>A command for <paramref name="sql"/> in the transaction, with its parameters declared in order.</summary>
    public SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        _commands.Add(command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}
