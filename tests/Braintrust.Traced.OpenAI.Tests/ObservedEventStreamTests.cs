using System.Text;
using Braintrust.Traced.OpenAI.Tests.Fakes;

namespace Braintrust.Traced.OpenAI.Tests;

/// <summary>
/// The wrapped response stream on its own: the caller gets every byte unchanged whatever the read sizes, the answer is
/// assembled whether reads are parsed inline or on a pool thread, and the span ends exactly once.
/// </summary>
public sealed class ObservedEventStreamTests
{
    private static readonly string[] Pieces = ["Hé", "llo", " wörld", " ✓", " 🚀", " \"quoted\"", " done."];

    private static readonly string Text = string.Concat(Pieces);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(4096)]
    public async Task Reads_of_any_size_pass_every_byte_through_and_assemble_the_whole_answer(int readSize)
    {
        var source = ChunkStream.Of(Pieces);
        var (stream, span) = Observe(new FragmentedStream(source, readSize));

        var received = await ReadToEndAsync(stream, bufferSize: 1024);

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(source), "the caller's bytes are the network's bytes");
            Assert.That(span.FinishCount, Is.EqualTo(1));
            Assert.That(span.Completed, Is.True);
            Assert.That(span.Content, Is.EqualTo(Text));
            Assert.That(span.FirstEventTimestamp, Is.Not.Null);
        });
    }

    [Test]
    public void Synchronous_reads_assemble_the_same_answer()
    {
        var source = ChunkStream.Of(Pieces);
        var (stream, span) = Observe(new FragmentedStream(source, 5));
        var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        Assert.Multiple(() =>
        {
            Assert.That(received.ToArray(), Is.EqualTo(source));
            Assert.That(span.Content, Is.EqualTo(Text));
            Assert.That(span.Completed, Is.True);
        });
    }

    [Test]
    public async Task Reads_cut_inside_a_UTF8_character_and_inside_an_SSE_line_assemble_the_same_answer()
    {
        var source = ChunkStream.Of(Pieces, lineEnd: "\r\n");
        var cuts = new[]
        {
            IndexOf(source, "data:") + 2,                        // inside the field name
            IndexOf(source, "é") + 1,                            // between the two bytes of é
            IndexOf(source, "\r\n") + 1,                         // between \r and \n
            IndexOf(source, "🚀") + 1,                           // after the first byte of a 4-byte character
            IndexOf(source, "🚀") + 3,                           // before its last byte
            IndexOf(source, "\\\"quoted") + 1,                   // inside an escape sequence
            source.Length - 3,                                   // inside the final blank line
        }.Order().ToArray();
        var sizes = cuts.Zip(cuts.Skip(1).Append(source.Length), (from, to) => to - from).Prepend(cuts[0]).ToArray();
        var (stream, span) = Observe(new FragmentedStream(source, sizes));

        var received = await ReadToEndAsync(stream, bufferSize: 1 << 16);

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(source));
            Assert.That(span.Content, Is.EqualTo(Text));
        });
    }

    [Test]
    public async Task Bursts_of_many_chunks_per_read_are_assembled_in_order_every_time()
    {
        // Reads far over the inline limit go to a pool thread in batches: run many streams with varied read sizes so that
        // the reader and the parser interleave differently each time.
        var pieces = Enumerable.Range(0, 2000).Select(i => $" w{i}é").ToArray();
        var source = ChunkStream.Of(pieces);
        var random = new Random(8);
        for (var run = 0; run < 20; run++)
        {
            var sizes = Enumerable.Range(0, 64).Select(_ => random.Next(1, 3 * DeferredEventParser.BatchSize)).ToArray();
            var (stream, span) = Observe(new FragmentedStream(source, sizes));

            var received = await ReadToEndAsync(stream, bufferSize: 1 << 16);

            // (A span comparison: NUnit's element-by-element array equality is slow on 400 KB.)
            Assert.That(received.AsSpan().SequenceEqual(source), Is.True, $"run {run}: the caller's bytes differ from the network's");
            Assert.That(span.Content, Is.EqualTo(string.Concat(pieces)), $"run {run}: assembled text");
        }
    }

    [Test]
    public async Task Disposing_half_way_ends_the_span_once_with_every_event_read_so_far()
    {
        var pieces = Enumerable.Range(0, 2000).Select(i => $" w{i}").ToArray();
        var source = ChunkStream.Of(pieces);
        var inner = new FragmentedStream(source, 1000);
        var (stream, span) = Observe(inner);

        // Read past the first batch, stopping right after the event that carries " w999".
        var stop = IndexOf(source, "\" w999\"");
        stop = IndexOf(source, "\n\n", stop) + 2;
        var buffer = new byte[stop];
        var taken = 0;
        while (taken < stop)
        {
            taken += await stream.ReadAsync(buffer.AsMemory(taken, Math.Min(1000, stop - taken)));
        }

        await stream.DisposeAsync();
        stream.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(span.FinishCount, Is.EqualTo(1), "the span ends once");
            Assert.That(span.Completed, Is.False, "no [DONE] arrived");
            Assert.That(span.Content, Is.EqualTo(string.Concat(pieces.Take(1000))), "everything read, nothing more");
            Assert.That(inner.IsDisposed, Is.True, "the network stream is disposed");
        });
    }

    [Test]
    public async Task A_comment_before_the_first_event_does_not_count_as_the_first_token()
    {
        // Some gateways send keep-alive comments while the model thinks; the first token is the first data event.
        var comment = Encoding.UTF8.GetBytes(": processing\n\n");
        var source = comment.Concat(ChunkStream.Of(Pieces)).ToArray();
        var inner = new FragmentedStream(source, comment.Length, source.Length);
        var (stream, span) = Observe(inner);

        await ReadToEndAsync(stream, bufferSize: 1 << 16);

        Assert.Multiple(() =>
        {
            Assert.That(span.FirstEventTimestamp, Is.GreaterThan(inner.ReadTimestamps[0]), "not the comment's read");
            Assert.That(span.FirstEventTimestamp, Is.GreaterThanOrEqualTo(inner.ReadTimestamps[1]), "the first event's read");
            Assert.That(span.Content, Is.EqualTo(Text));
        });
    }

    [Test]
    public async Task A_failed_read_ends_the_span_with_the_error_and_what_arrived_before_it()
    {
        var pieces = Enumerable.Range(0, 500).Select(i => $" w{i}").ToArray();
        var source = ChunkStream.Of(pieces);
        var (stream, span) = Observe(new FragmentedStream(source, 2000) { FailingRead = 5 });
        var buffer = new byte[4096];

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(span.FinishCount, Is.EqualTo(1));
            Assert.That(span.ReadError, Is.InstanceOf<IOException>());
            Assert.That(span.Content, Does.StartWith(" w0 w1 w2"));
            Assert.That(span.Content, Does.Contain(" w40 "), "the 10,000 bytes read before the failure are in the span");
            Assert.That(span.Content, Does.Not.Contain(" w499"), "nothing after the failure");
        });
    }

    private static (ObservedEventStream Stream, RecordingStreamSpan Span) Observe(Stream inner)
    {
        var span = new RecordingStreamSpan();
        return (new ObservedEventStream(inner, new ChatStreamAssembler(secret: null), span), span);
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream, int bufferSize)
    {
        var received = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }

    private static int IndexOf(byte[] haystack, string needle, int from = 0) =>
        from + haystack.AsSpan(from).IndexOf(Encoding.UTF8.GetBytes(needle));
}
