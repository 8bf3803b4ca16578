using System.Globalization;
using System.Text;
using Braintrust.Traced.Shipping;

namespace Braintrust.Traced.Tests;

/// <summary>The hand-written formatters of ids and times must give exactly what the general-purpose ones give.</summary>
public sealed class Utf8FormattingTests
{
    [TestCase(0UL)]
    [TestCase(1UL)]
    [TestCase(0xDEADBEEF00C0FFEEUL)]
    [TestCase(ulong.MaxValue)]
    public void Span_ids_are_16_lowercase_hex_digits(ulong id)
    {
        var text = new byte[16];
        Utf8Formatting.WriteHex(id, text);
        Assert.That(Encoding.ASCII.GetString(text), Is.EqualTo(id.ToString("x16", CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Trace_ids_are_32_lowercase_hex_digits()
    {
        var id = new UInt128(0x0123456789ABCDEF, 0xFEDCBA9876543210);
        var text = new byte[32];
        Utf8Formatting.WriteHex(id, text);
        Assert.That(Encoding.ASCII.GetString(text), Is.EqualTo("0123456789abcdeffedcba9876543210"));
    }

    [TestCase("2026-11-25T15:27:00.0920000Z")]
    [TestCase("1999-01-01T00:00:00.0000000Z")]
    [TestCase("2024-02-29T23:59:59.9999999Z")]
    [TestCase("0001-01-01T00:00:00.0000000Z")]
    public void Created_is_iso_8601_with_milliseconds(string time)
    {
        var ticks = DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).Ticks;
        var text = new byte[24];
        var written = Utf8Formatting.WriteIsoTimestamp(ticks, text);
        var expected = new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Assert.That(Encoding.ASCII.GetString(text, 0, written), Is.EqualTo(expected));
    }

    [TestCase("2026-11-25T15:27:00.0920000Z", "1795620420.092")]
    [TestCase("2026-11-25T15:27:00.0000000Z", "1795620420")]
    [TestCase("2026-11-25T15:27:00.1234567Z", "1795620420.1234567")]
    [TestCase("1969-12-31T23:59:59.5000000Z", "-0.5")]
    public void Metrics_times_are_exact_unix_seconds(string time, string expected)
    {
        var ticks = DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).Ticks;
        var text = new byte[32];
        var written = Utf8Formatting.WriteUnixSeconds(ticks, text);
        var formatted = Encoding.ASCII.GetString(text, 0, written);
        Assert.That(formatted, Is.EqualTo(expected));
        Assert.That(double.Parse(formatted, CultureInfo.InvariantCulture), Is.EqualTo((ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond), "the same double the SDKs send");
    }
}
