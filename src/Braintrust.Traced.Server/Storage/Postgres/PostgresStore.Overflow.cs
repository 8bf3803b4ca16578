namespace Braintrust.Traced.Server.Storage.Postgres;

/// <summary>Overflow uploads staged in the database (schema version 6), shared by every server on it.</summary>
public sealed partial class PostgresStore : IOverflowStaging
{
    public async Task SaveSlotAsync(string key, OverflowSlot slot, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection,
            "INSERT INTO overflow_uploads (key, org_id, size_bytes, expires) VALUES (@k, @o, @s, @e)",
            ("k", key), ("o", slot.OrgId), ("s", slot.SizeBytes), ("e", slot.Expires));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<OverflowSlot?> FindSlotAsync(string key, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection, "SELECT org_id, size_bytes, expires FROM overflow_uploads WHERE key = @k", ("k", key));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new OverflowSlot(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task SavePayloadAsync(string key, Stream body, CancellationToken ct)
    {
        // Read whole before the UPDATE: one statement stores it, so a reader never sees half an upload. The endpoint
        // caps the body at the slot's declared size.
        using var payload = new MemoryStream();
        await body.CopyToAsync(payload, ct);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection, "UPDATE overflow_uploads SET payload = @p WHERE key = @k",
            ("k", key), ("p", payload.ToArray()));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<byte[]?> ReadPayloadAsync(string key, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection, "SELECT payload FROM overflow_uploads WHERE key = @k", ("k", key));
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    public async Task RemoveExpiredAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = Command(connection, "DELETE FROM overflow_uploads WHERE expires < @c", ("c", cutoff));
        await command.ExecuteNonQueryAsync(ct);
    }
}
