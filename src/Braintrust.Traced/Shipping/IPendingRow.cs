namespace Braintrust.Traced.Shipping;

/// <summary>
/// Something queued for shipping that becomes one wire row. Rows are written on the background shipper, never on the
/// caller's thread: the queue holds references to the user's values until then.
/// </summary>
internal interface IPendingRow
{
    /// <summary>
    /// Writes the row as one JSON object, as it goes on the wire (<c>project_id</c> may still be missing: the HTTP
    /// exporter adds it).
    /// </summary>
    void WriteRow(RowWriter writer);
}
