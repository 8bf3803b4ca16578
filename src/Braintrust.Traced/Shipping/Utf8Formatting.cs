using System.Buffers.Binary;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// The few fixed formats every row carries (hex ids, ISO timestamps, Unix seconds), formatted by hand into stack
/// buffers. The general-purpose formatters parse a format string and handle cultures on every call; on the shipper's
/// hot path that was most of the cost of a row.
/// </summary>
internal static class Utf8Formatting
{
    // The hex writers go through the runtime's vectorized converter (one SIMD pass for all digits) rather than a
    // digit-at-a-time loop: three ids per row made that loop a visible part of the worker's cost per row.

    /// <summary>Writes <paramref name="value"/> as 16 lowercase hex digits.</summary>
    public static void WriteHex(ulong value, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        Convert.TryToHexStringLower(bytes, destination[..16], out _);
    }

    /// <summary>Writes <paramref name="value"/> as 32 lowercase hex digits.</summary>
    public static void WriteHex(UInt128 value, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        Convert.TryToHexStringLower(bytes, destination[..32], out _);
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (24 bytes) for a UTC time given in ticks.</summary>
    public static int WriteIsoTimestamp(long utcTicks, Span<byte> destination)
    {
        var (year, month, day) = new DateTime(utcTicks, DateTimeKind.Utc);
        var timeOfDay = utcTicks % TimeSpan.TicksPerDay;
        var milliseconds = (int)(timeOfDay / TimeSpan.TicksPerMillisecond);
        WriteDigits(year, 4, destination);
        destination[4] = (byte)'-';
        WriteDigits(month, 2, destination[5..]);
        destination[7] = (byte)'-';
        WriteDigits(day, 2, destination[8..]);
        destination[10] = (byte)'T';
        WriteDigits(milliseconds / 3_600_000, 2, destination[11..]);
        destination[13] = (byte)':';
        WriteDigits(milliseconds / 60_000 % 60, 2, destination[14..]);
        destination[16] = (byte)':';
        WriteDigits(milliseconds / 1000 % 60, 2, destination[17..]);
        destination[19] = (byte)'.';
        WriteDigits(milliseconds % 1000, 3, destination[20..]);
        destination[23] = (byte)'Z';
        return 24;
    }

    /// <summary>
    /// Writes a UTC time as Unix seconds with up to 7 decimals (the tick resolution), as a JSON number: the exact
    /// decimal value of the ticks, which every JSON reader parses to the same double the official SDKs send.
    /// </summary>
    public static int WriteUnixSeconds(long utcTicks, Span<byte> destination)
    {
        var sinceEpoch = utcTicks - DateTime.UnixEpoch.Ticks;
        var negative = sinceEpoch < 0;
        var magnitude = negative ? (ulong)-sinceEpoch : (ulong)sinceEpoch;
        var seconds = magnitude / TimeSpan.TicksPerSecond;
        var fraction = (int)(magnitude % TimeSpan.TicksPerSecond);
        var length = 0;
        if (negative)
        {
            destination[length++] = (byte)'-';
        }

        seconds.TryFormat(destination[length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        length += written;
        if (fraction != 0)
        {
            destination[length++] = (byte)'.';
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            WriteDigits(fraction, digits, destination[length..]);
            length += digits;
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> in decimal; returns the byte count.</summary>
    public static int WriteInteger(long value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }

    private static void WriteDigits(int value, int count, Span<byte> destination)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
