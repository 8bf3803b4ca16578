using System.Text;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class ResponsesStreamAssemblerTests
{
    [Test]
    public void Stream_cut_before_the_completed_event_reports_the_text_that_arrived()
    {
        var assembler = new ResponsesStreamAssembler(secret: null);
        var feeder = new SseDataFeeder(assembler);

        feeder.Feed(Encoding.UTF8.GetBytes(
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}\n\n" +
            "event: response.output_text.delta\ndata: {\"sequence_number\":2,\"type\":\"response.output_text.delta\",\"delta\":\"lo\"}\n\n"));

        var output = assembler.BuildOutput()!;
        Assert.Multiple(() =>
        {
            Assert.That(output[0]!["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(output[0]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Hello"), "a delta before or after its type is read the same");
            Assert.That(assembler.IsComplete, Is.False);
        });
    }

    [Test]
    public void Failed_response_event_is_reported_as_the_error()
    {
        var assembler = new ResponsesStreamAssembler(secret: null);
        var feeder = new SseDataFeeder(assembler);

        feeder.Feed(Encoding.UTF8.GetBytes(
            "data: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"output\":[],\"error\":{\"code\":\"server_error\",\"message\":\"The model crashed.\"}}}\n\n"));

        Assert.Multiple(() =>
        {
            Assert.That(assembler.Error, Is.EqualTo("OpenAI API error in stream (server_error): The model crashed."));
            Assert.That(assembler.IsComplete, Is.True);
        });
    }
}
