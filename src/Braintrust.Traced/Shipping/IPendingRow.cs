using System.Text.Json.Nodes;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// Something queued for shipping that becomes one wire row. Rows are built on the background shipper, never on the
/// caller's thread: the queue holds references to the user's values until then.
/// </summary>
internal interface IPendingRow
{
    /// <summary>Builds the row as it goes on the wire (<c>project_id</c> may still be missing: the exporter adds it).</summary>
    JsonObject ToRow(RowWriter writer);
}
