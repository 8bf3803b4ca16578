using System.Data.Common;
using Braintrust.Traced.Server.Diagnostics;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// What both backends share over ADO.NET: orgs, API keys and projects (the SQL written once, in the dialect SQLite
/// and PostgreSQL share: <c>@name</c> parameters, <c>ON CONFLICT … DO NOTHING</c>, <c>CAST(@p AS TEXT)</c> for a
/// parameter that may be NULL) and the query helper. A backend says how it opens a connection.
/// </summary>
public abstract class DbStore : IAccountStore
{
    /// <summary>An open connection with the backend's session settings; the caller disposes it.</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    public async Task<bool> AnyOrgAsync(CancellationToken ct)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(connection, "SELECT EXISTS (SELECT 1 FROM orgs)");
        return Convert.ToBoolean(await command.ExecuteScalarAsync(ct));
    }

    public Task<Org?> FindOrgAsync(string orgId, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.OrgColumns} FROM orgs WHERE id = @id", AccountRowReader.ReadOrg, ct, ("id", orgId));

    public Task<Org?> FindOrgByNameAsync(string name, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.OrgColumns} FROM orgs WHERE name = @name", AccountRowReader.ReadOrg, ct, ("name", name));

    public async Task<Org> CreateOrgAsync(string name, CancellationToken ct)
    {
        var org = new Org(Guid.NewGuid().ToString(), name, DateTimeOffset.UtcNow);
        await ExecuteAsync("INSERT INTO orgs (id, name, created) VALUES (@id, @name, @created)", ct,
            ("id", org.Id), ("name", org.Name), ("created", AccountRowReader.Text(org.Created)));
        return org;
    }

    public Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken ct)
        => ExecuteAsync(
            "INSERT INTO api_keys (key_id, org_id, name, salt, hash, iterations, created, revoked) " +
            "VALUES (@id, @org, @name, @salt, @hash, @iterations, @created, @revoked)", ct,
            ("id", key.KeyId), ("org", key.OrgId), ("name", key.Name), ("salt", key.Salt), ("hash", key.Hash),
            ("iterations", key.Iterations), ("created", AccountRowReader.Text(key.Created)),
            ("revoked", key.Revoked is { } r ? AccountRowReader.Text(r) : null));

    public Task<ApiKeyRecord?> FindApiKeyAsync(string keyId, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.KeyColumns} FROM api_keys WHERE key_id = @id", AccountRowReader.ReadKey, ct, ("id", keyId));

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string? orgId, CancellationToken ct)
        => ListAsync($"SELECT {AccountRowReader.KeyColumns} FROM api_keys WHERE CAST(@org AS TEXT) IS NULL OR org_id = @org ORDER BY created, key_id",
            AccountRowReader.ReadKey, ct, ("org", orgId));

    public async Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset when, CancellationToken ct)
        => await ExecuteAsync("UPDATE api_keys SET revoked = @when WHERE key_id = @id AND revoked IS NULL", ct,
            ("id", keyId), ("when", AccountRowReader.Text(when))) == 1;

    public async Task<Project> GetOrCreateProjectAsync(string orgId, string name, string? description, CancellationToken ct)
    {
        // Insert-if-absent, then read: concurrent registrations of one name converge on a single project.
        await ExecuteAsync(
            "INSERT INTO projects (id, org_id, name, description, created) VALUES (@id, @org, @name, @description, @created) " +
            "ON CONFLICT (org_id, name) DO NOTHING", ct,
            ("id", Guid.NewGuid().ToString()), ("org", orgId), ("name", name), ("description", description),
            ("created", AccountRowReader.Text(DateTimeOffset.UtcNow)));
        return (await SingleAsync($"SELECT {AccountRowReader.ProjectColumns} FROM projects WHERE org_id = @org AND name = @name",
            AccountRowReader.ReadProject, ct, ("org", orgId), ("name", name)))!;
    }

    public Task<Project?> FindProjectAsync(string orgId, string projectId, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.ProjectColumns} FROM projects WHERE org_id = @org AND id = @id",
            AccountRowReader.ReadProject, ct, ("org", orgId), ("id", projectId));

    public Task<IReadOnlyList<Project>> ListProjectsAsync(string orgId, CancellationToken ct)
        => ListAsync($"SELECT {AccountRowReader.ProjectColumns} FROM projects WHERE org_id = @org ORDER BY created DESC, id",
            AccountRowReader.ReadProject, ct, ("org", orgId));

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<T?> SingleAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string, object?)[] parameters)
        where T : class
    {
        var all = await ListAsync(sql, read, ct, parameters);
        return all.Count == 0 ? null : all[0];
    }

    /// <summary>Runs a query on a fresh (pooled) connection and maps every row.</summary>
    private protected async Task<IReadOnlyList<T>> ListAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string, object?)[] parameters)
    {
        DbConnection connection;
        using (ServerTiming.Measure("db-open"))
        {
            connection = await OpenConnectionAsync(ct);
        }
        await using (connection)
        {
            using var _ = ServerTiming.Measure("db-query");
            await using var command = Command(connection, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var list = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                list.Add(read(reader));
            }
            return list;
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            // Every nullable parameter here is text; saying so keeps PostgreSQL's type inference out of NULLs.
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = System.Data.DbType.String;
            }
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
