using System.Text;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class SseDataFeederTests
{
    private const string Stream =
        ": keep-alive comment\r\n" +
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hé\"}}]}\r\n\r\n" +
        "event: ignored\n" +
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo ✓\"},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}\n\n" +
        "data: [DONE]\n\n";

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(17)]
    [TestCase(4096)]
    public void Events_split_across_reads_of_any_size_assemble_to_the_same_message(int readSize)
    {
        var assembler = new ChatStreamAssembler(secret: null);
        var feeder = new SseDataFeeder(assembler);
        var bytes = Encoding.UTF8.GetBytes(Stream);

        for (var offset = 0; offset < bytes.Length; offset += readSize)
        {
            feeder.Feed(bytes.AsSpan(offset, Math.Min(readSize, bytes.Length - offset)));
        }

        var choice = assembler.BuildOutput()![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(choice["message"]!["content"]!.GetValue<string>(), Is.EqualTo("Héllo ✓"));
            Assert.That(choice["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
            Assert.That(assembler.Metrics!["tokens"], Is.EqualTo(5));
            Assert.That(assembler.IsComplete, Is.True, "[DONE] marks the stream complete");
            Assert.That(feeder.EventCount, Is.EqualTo(3));
        });
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(40)]
    [TestCase(4096)]
    public void An_event_written_over_several_data_lines_is_joined_whatever_the_read_sizes(int readSize)
    {
        // SSE joins an event's data lines with \n: a server may split one JSON chunk over lines. The feeder reads a
        // one-line event where it lies, so the several-line event and the one-line events around it must not mix.
        var assembler = new ChatStreamAssembler(secret: null);
        var feeder = new SseDataFeeder(assembler);
        var bytes = Encoding.UTF8.GetBytes(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"one \"}}]}\n\n" +
            "data: {\"choices\":[{\"index\":0,\n" +
            "data: \"delta\":{\"content\":\"two \"}}]}\n\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"three\"}}]}\n" +
            "id: 3\n\n");

        for (var offset = 0; offset < bytes.Length; offset += readSize)
        {
            feeder.Feed(bytes.AsSpan(offset, Math.Min(readSize, bytes.Length - offset)));
        }

        Assert.Multiple(() =>
        {
            Assert.That(assembler.BuildOutput()![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo("one two three"));
            Assert.That(feeder.EventCount, Is.EqualTo(3));
        });
    }

    [Test]
    public void Malformed_event_is_skipped_without_breaking_the_rest()
    {
        var assembler = new ChatStreamAssembler(secret: null);
        var feeder = new SseDataFeeder(assembler);

        feeder.Feed(Encoding.UTF8.GetBytes("data: {not json\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"));

        Assert.That(assembler.BuildOutput()![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo("ok"));
    }

    [Test]
    public void Error_event_inside_a_stream_is_reported_with_the_key_scrubbed()
    {
        var assembler = new ChatStreamAssembler(secret: "sk-live-123");
        var feeder = new SseDataFeeder(assembler);

        feeder.Feed(Encoding.UTF8.GetBytes("data: {\"error\":{\"message\":\"bad key sk-live-123\",\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n"));

        Assert.That(assembler.Error, Is.EqualTo("OpenAI API error in stream (overloaded): bad key [redacted]"));
    }

    [Test]
    public void Several_choices_and_long_escaped_deltas_are_kept_apart_and_unescaped()
    {
        var assembler = new ChatStreamAssembler(secret: null);
        var feeder = new SseDataFeeder(assembler);
        var longPiece = new string('x', 1000);

        feeder.Feed(Encoding.UTF8.GetBytes(
            "data: {\"choices\":[{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"second \\u00e9\"}},{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"first \\\"quoted\\\"\"}}]}\n\n" +
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + longPiece + "\"},\"finish_reason\":\"length\"}]}\n\n"));
        feeder.Complete();

        var output = assembler.BuildOutput()!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(output, Has.Count.EqualTo(2));
            Assert.That(output[0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo("first \"quoted\"" + longPiece));
            Assert.That(output[0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("length"));
            Assert.That(output[1]!["index"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(output[1]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo("second é"));
            Assert.That(assembler.IsComplete, Is.False, "no [DONE] arrived");
        });
    }
}
