using Braintrust.Traced.Shipping;

namespace Braintrust.Traced.Runtime;

/// <summary>
/// A traced call's arguments kept as their own types (no <c>object[]</c>, no boxing on the caller's thread) until the
/// shipper writes them as the span's <c>input</c> object.
/// </summary>
internal interface IRecordedArguments
{
    /// <summary>Writes <c>{"name":value,...}</c>; <paramref name="names"/> are the traced method's encoded property prefixes.</summary>
    void WriteTo(RowWriter writer, byte[][] names);
}
