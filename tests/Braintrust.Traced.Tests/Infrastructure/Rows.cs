using System.Text.Json.Nodes;

namespace Braintrust.Traced.Tests.Infrastructure;

/// <summary>Reading rows in assertions.</summary>
internal static class Rows
{
    public static string Name(this JsonObject row) => row["span_attributes"]!["name"]!.GetValue<string>();

    public static string Str(this JsonObject row, string field) => row[field]!.GetValue<string>();

    public static string? Parent(this JsonObject row) => row["span_parents"] is JsonArray parents ? parents.Single()!.GetValue<string>() : null;

    public static JsonObject Named(this IEnumerable<JsonObject> rows, string name) => rows.Single(row => row.Name() == name);

    public static IReadOnlyList<JsonObject> AllNamed(this IEnumerable<JsonObject> rows, string name) => [.. rows.Where(row => row.Name() == name)];
}
