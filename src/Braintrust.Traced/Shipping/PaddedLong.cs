using System.Runtime.InteropServices;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// A <see langword="long"/> alone on its cache line: counters that different cores write (a queue's producer and
/// consumer positions) would otherwise invalidate each other's line on every update ("false sharing").
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}
