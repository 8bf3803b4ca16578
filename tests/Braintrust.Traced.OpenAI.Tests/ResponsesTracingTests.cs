using System.ClientModel;
using System.Text;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI.Responses;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class ResponsesTracingTests : OpenAITestBase
{
    private ResponsesClient TracedResponsesClient() => new(
        new ApiKeyCredential(ApiKey),
        new ResponsesClientOptions { Endpoint = Server.Endpoint, RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) }.WrapOpenAI(Tracing.Logger));

    [Test]
    public async Task Response_call_records_input_output_items_and_usage()
    {
        var client = TracedResponsesClient();

        ResponseResult response = await client.CreateResponseAsync(Model, "Say hello.");

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(response.GetOutputText(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["span_attributes"]!["name"]!.GetValue<string>(), Is.EqualTo("openai.responses.create"));
            Assert.That(span["input"]!.ToJsonString(), Does.Contain("Say hello."));
            Assert.That(span["output"]![0]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["metadata"]!["model"]!.GetValue<string>(), Is.EqualTo(Model));
            Assert.That(span["metrics"]!["prompt_tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.PromptTokens));
            Assert.That(span["metrics"]!["completion_tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.CompletionTokens));
        });
    }

    [Test]
    public async Task Streamed_response_takes_its_output_from_the_completed_event()
    {
        var client = TracedResponsesClient();
        var text = new StringBuilder();

        await foreach (var update in await client.CreateResponseStreamingAsync(Model, "Say hello."))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
        }

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["output"]![0]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.PromptTokens + FakeReplies.CompletionTokens));
            Assert.That(span["metrics"]!["time_to_first_token"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(span["metadata"]!.AsObject().ContainsKey("stopped_early"), Is.False);
        });
    }
}
