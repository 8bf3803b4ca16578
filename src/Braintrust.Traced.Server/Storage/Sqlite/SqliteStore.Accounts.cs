using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<bool> AnyOrgAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT EXISTS (SELECT 1 FROM orgs)");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct)) == 1;
    }

    public Task<Org?> FindOrgAsync(string orgId, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.OrgColumns} FROM orgs WHERE id = $id", AccountRowReader.ReadOrg, ct, ("$id", orgId));

    public Task<Org?> FindOrgByNameAsync(string name, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.OrgColumns} FROM orgs WHERE name = $name", AccountRowReader.ReadOrg, ct, ("$name", name));

    public async Task<Org> CreateOrgAsync(string name, CancellationToken ct)
    {
        var org = new Org(Guid.NewGuid().ToString(), name, DateTimeOffset.UtcNow);
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "INSERT INTO orgs (id, name, created) VALUES ($id, $name, $created)",
            ("$id", org.Id), ("$name", org.Name), ("$created", AccountRowReader.Text(org.Created)));
        await command.ExecuteNonQueryAsync(ct);
        return org;
    }

    public async Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "INSERT INTO api_keys (key_id, org_id, name, salt, hash, iterations, created, revoked) " +
            "VALUES ($id, $org, $name, $salt, $hash, $iterations, $created, $revoked)",
            ("$id", key.KeyId), ("$org", key.OrgId), ("$name", key.Name), ("$salt", key.Salt), ("$hash", key.Hash),
            ("$iterations", key.Iterations), ("$created", AccountRowReader.Text(key.Created)),
            ("$revoked", key.Revoked is { } r ? AccountRowReader.Text(r) : null));
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task<ApiKeyRecord?> FindApiKeyAsync(string keyId, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.KeyColumns} FROM api_keys WHERE key_id = $id", AccountRowReader.ReadKey, ct, ("$id", keyId));

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string? orgId, CancellationToken ct)
        => ListAsync($"SELECT {AccountRowReader.KeyColumns} FROM api_keys WHERE $org IS NULL OR org_id = $org ORDER BY created, key_id",
            AccountRowReader.ReadKey, ct, ("$org", orgId));

    public async Task<bool> RevokeApiKeyAsync(string keyId, DateTimeOffset when, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "UPDATE api_keys SET revoked = $when WHERE key_id = $id AND revoked IS NULL",
            ("$id", keyId), ("$when", AccountRowReader.Text(when)));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<Project> GetOrCreateProjectAsync(string orgId, string name, string? description, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // INSERT OR IGNORE + SELECT makes concurrent registrations of one name converge on a single project.
        await using (var insert = Command(connection,
            "INSERT OR IGNORE INTO projects (id, org_id, name, description, created) VALUES ($id, $org, $name, $description, $created)",
            ("$id", Guid.NewGuid().ToString()), ("$org", orgId), ("$name", name), ("$description", description),
            ("$created", AccountRowReader.Text(DateTimeOffset.UtcNow))))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using var select = Command(connection,
            $"SELECT {AccountRowReader.ProjectColumns} FROM projects WHERE org_id = $org AND name = $name", ("$org", orgId), ("$name", name));
        await using var reader = await select.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return AccountRowReader.ReadProject(reader);
    }

    public Task<Project?> FindProjectAsync(string orgId, string projectId, CancellationToken ct)
        => SingleAsync($"SELECT {AccountRowReader.ProjectColumns} FROM projects WHERE org_id = $org AND id = $id",
            AccountRowReader.ReadProject, ct, ("$org", orgId), ("$id", projectId));

    public Task<IReadOnlyList<Project>> ListProjectsAsync(string orgId, CancellationToken ct)
        => ListAsync($"SELECT {AccountRowReader.ProjectColumns} FROM projects WHERE org_id = $org ORDER BY created DESC, id",
            AccountRowReader.ReadProject, ct, ("$org", orgId));

    private async Task<T?> SingleAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken ct, params (string, object?)[] parameters)
        where T : class
    {
        var all = await ListAsync(sql, read, ct, parameters);
        return all.Count == 0 ? null : all[0];
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
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
