using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Braintrust.Traced.Server.Storage.Sqlite;

/// <summary>
/// Compact 64-bit lookup keys for spans (schema version 7): the first 8 bytes of a SHA-256 over the project id and
/// one of the span's text ids. Indexing these instead of the text ids shrinks each index entry from ~60-90 bytes
/// (36-character project id + 16-32 character id) to ~10, so an index holds six times more entries per page and a
/// commit dirties (and writes to the WAL) far fewer pages. A key only narrows the search: every query also compares
/// the text columns, so two ids sharing a key (possible, never seen in practice) are still told apart, and a crafted
/// collision cannot reach another project's rows. SHA-256, not a fast non-cryptographic hash, so collisions cannot be
/// crafted cheaply to slow lookups down. The values are stored on disk: the function must never change.
/// </summary>
internal static class SpanKeys
{
    /// <summary>Name of the SQL function the version 7 migration uses to key the rows already stored.</summary>
    public const string SqlFunction = "bt_span_key";

    /// <summary>The key of a project's row id, span id or trace (root span) id; null when the id is null.</summary>
    public static long? Of(string projectId, string? id)
    {
        if (id is null)
        {
            return null;
        }
        // Length-prefixed parts: ("ab", "c") and ("a", "bc") never hash the same input.
        var projectBytes = Encoding.UTF8.GetByteCount(projectId);
        var idBytes = Encoding.UTF8.GetByteCount(id);
        var length = 8 + projectBytes + idBytes;
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, projectBytes);
        Encoding.UTF8.GetBytes(projectId, buffer[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(4 + projectBytes)..], idBytes);
        Encoding.UTF8.GetBytes(id, buffer[(8 + projectBytes)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer, hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    /// <summary>Makes <see cref="SqlFunction"/>(project_id, id) available on a connection (the migration's).</summary>
    public static void Register(SqliteConnection connection)
        => connection.CreateFunction<string, string?, long?>(SqlFunction, Of, isDeterministic: true);
}
