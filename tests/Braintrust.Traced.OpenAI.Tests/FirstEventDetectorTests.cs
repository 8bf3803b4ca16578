using System.Text;

namespace Braintrust.Traced.OpenAI.Tests;

/// <summary>Time to first token is stamped on the read that completes the first event with data: whatever the read sizes.</summary>
public sealed class FirstEventDetectorTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    [TestCase(4096)]
    public void The_first_event_is_found_on_the_read_holding_its_closing_blank_line(int readSize)
    {
        const string beforeEnd =
            ": keep-alive\r\n\r\n" +
            "event: message\r\n" +
            "data: [DONE-ish]\r\n" +
            "data: {\"choices\":[]}\r\n";
        var bytes = Encoding.UTF8.GetBytes(beforeEnd + "\r\n" + "data: {\"choices\":[]}\n\n");

        var blankLine = beforeEnd.Length; // the \r that makes the blank line ending the first event with data
        var read = FoundOn(bytes, readSize);

        Assert.That(read, Is.Not.Null);
        Assert.That(blankLine, Is.InRange(read!.Value.Start, read.Value.End - 1), "found on the read holding the blank line, not before or after");
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(4096)]
    public void Comments_events_without_data_and_done_are_not_a_first_token(int readSize)
    {
        var bytes = Encoding.UTF8.GetBytes(": comment\n\nevent: ping\nid: 1\n\ndata:[DONE]\n\ndata: [DONE]\n\ndat\n\n");

        Assert.That(FoundOn(bytes, readSize), Is.Null);
    }

    [Test]
    public void An_event_not_yet_closed_by_a_blank_line_has_not_arrived()
    {
        var detector = new FirstEventDetector();

        Assert.Multiple(() =>
        {
            Assert.That(detector.Scan("data: {\"a\":1}\n"u8), Is.False);
            Assert.That(detector.Scan("\n"u8), Is.True);
        });
    }

    /// <summary>The read (its start and end in the bytes) on which the detector first said yes, if it did.</summary>
    private static (int Start, int End)? FoundOn(byte[] bytes, int readSize)
    {
        var detector = new FirstEventDetector();
        for (var offset = 0; offset < bytes.Length; offset += readSize)
        {
            var read = Math.Min(readSize, bytes.Length - offset);
            if (detector.Scan(bytes.AsSpan(offset, read)))
            {
                return (offset, offset + read);
            }
        }

        return null;
    }
}
