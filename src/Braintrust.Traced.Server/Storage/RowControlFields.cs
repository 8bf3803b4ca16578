using System.Text;

namespace Braintrust.Traced.Server.Storage;

/// <summary>Fields of a logs3 row that steer the write; never stored in the span document.</summary>
internal static class RowControlFields
{
    public static readonly HashSet<string> Names =
    [
        "_is_merge", "_object_delete", "_merge_paths", "_array_delete", "_audit_source", "_audit_metadata", "_parent_id",
        "_xact_id", "_pagination_key", "id", "project_id", "log_id",
    ];

    private static readonly byte[][] Utf8Names = Names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Whether an unescaped UTF-8 property name is a control field (no string is made for it).</summary>
    public static bool Contains(ReadOnlySpan<byte> name)
    {
        foreach (var control in Utf8Names)
        {
            if (name.SequenceEqual(control))
            {
                return true;
            }
        }
        return false;
    }
}
