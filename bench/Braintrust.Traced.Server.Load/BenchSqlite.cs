using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Load;

/// <summary>The SQLite steps the load program's direct-insert measurements share.</summary>
internal static class BenchSqlite
{
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Fills a full-text table with the texts gathered since the last call, in one transaction, as the server's search
    /// indexer does (it indexes thousands of spans at once: one FTS5 segment per batch instead of one per commit).
    /// </summary>
    public static void IndexFullText(SqliteConnection connection, string table, List<(long Seq, string Text)> texts, string? afterSql = null)
    {
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO {table} (rowid, body) VALUES ($seq, $body)";
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        insert.Prepare();
        foreach (var (s, text) in texts)
        {
            seq.Value = s;
            body.Value = text;
            insert.ExecuteNonQuery();
        }
        if (afterSql is not null)
        {
            using var after = connection.CreateCommand();
            after.Transaction = tx;
            after.CommandText = afterSql;
            after.Parameters.AddWithValue("$last", texts[^1].Seq);
            after.ExecuteNonQuery();
        }
        tx.Commit();
        texts.Clear();
    }
}
