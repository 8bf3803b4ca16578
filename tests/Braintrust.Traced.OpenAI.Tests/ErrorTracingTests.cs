using System.ClientModel;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class ErrorTracingTests : OpenAITestBase
{
    [TestCase(400, "invalid_value", "Invalid value for 'temperature'")]
    [TestCase(401, "invalid_api_key", "Incorrect API key provided")]
    [TestCase(429, "rate_limit_exceeded", "Rate limit reached")]
    [TestCase(500, "server_error", "The server had an error")]
    public void Error_status_is_recorded_on_the_span_and_the_exception_still_reaches_the_caller(int status, string code, string message)
    {
        var chat = TracedChatClient($"error-{status}");

        var exception = Assert.Throws<ClientResultException>(() => chat.CompleteChat([new UserChatMessage("Hi")]));

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Status, Is.EqualTo(status));
            Assert.That(span["error"]!.GetValue<string>(), Does.Contain($"HTTP {status}"));
            Assert.That(span["error"]!.GetValue<string>(), Does.Contain(code));
            Assert.That(span["error"]!.GetValue<string>(), Does.Contain(message));
            Assert.That(span["metadata"]!["http_status"]!.GetValue<int>(), Is.EqualTo(status));
            Assert.That(span["input"]![0]!["content"]!.GetValue<string>(), Is.EqualTo("Hi"), "the request is kept for debugging");
            Assert.That(span["metrics"]!.AsObject().ContainsKey("end"), Is.True);
        });
    }

    [Test]
    public async Task Failed_streaming_request_is_recorded_with_its_status()
    {
        var chat = TracedChatClient("error-429");

        var exception = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
            }
        });

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Status, Is.EqualTo(429));
            Assert.That(span["error"]!.GetValue<string>(), Does.Contain("HTTP 429"));
            Assert.That(span["error"]!.GetValue<string>(), Does.Contain("Rate limit reached"));
        });
    }

    [Test]
    public void Unreachable_server_is_recorded_as_an_error()
    {
        var options = PlainOptions();
        options.Endpoint = new Uri("http://127.0.0.1:1/v1");
        var chat = new ChatClient(Model, new ApiKeyCredential(ApiKey), options.WrapOpenAI(Tracing.Logger));

        Assert.Catch<Exception>(() => chat.CompleteChat([new UserChatMessage("Hi")]));

        var span = Tracing.SingleLlmSpan();
        Assert.That(span["error"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Cancelled_call_is_marked_cancelled_not_failed()
    {
        var chat = TracedChatClient("slow-stream");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(async () => await chat.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: cancellation.Token));

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span.ContainsKey("error"), Is.False);
            Assert.That(span["metadata"]!["cancelled"]!.GetValue<bool>(), Is.True);
        });
    }
}
