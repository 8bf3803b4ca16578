using System.Data.Common;
using System.Globalization;

namespace Braintrust.Traced.Server.Storage;

/// <summary>Maps org, key and project rows; both backends store timestamps as ISO-8601 text.</summary>
internal static class AccountRowReader
{
    public const string OrgColumns = "id, name, created";
    public const string KeyColumns = "key_id, org_id, name, salt, hash, iterations, created, revoked";
    public const string ProjectColumns = "id, org_id, name, description, created";

    public static Org ReadOrg(DbDataReader r) => new(r.GetString(0), r.GetString(1), Time(r.GetString(2)));

    public static ApiKeyRecord ReadKey(DbDataReader r)
        => new(r.GetString(0), r.GetString(1), r.GetString(2), (byte[])r.GetValue(3), (byte[])r.GetValue(4),
            Convert.ToInt32(r.GetValue(5)), Time(r.GetString(6)), r.IsDBNull(7) ? null : Time(r.GetString(7)));

    public static Project ReadProject(DbDataReader r)
        => new(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), Time(r.GetString(4)));

    public static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
