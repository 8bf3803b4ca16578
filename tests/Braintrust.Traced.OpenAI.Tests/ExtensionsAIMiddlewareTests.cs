using System.ClientModel;
using System.Text;
using Braintrust.Traced.Extensions.AI;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class ExtensionsAIMiddlewareTests : OpenAITestBase
{
    private IChatClient TracedChatClient(string model = Model, Func<ChatClientBuilder, ChatClientBuilder>? configure = null)
    {
        // The OpenAI client underneath is NOT wrapped: the middleware alone must produce the spans.
        IChatClient openAI = new global::OpenAI.Chat.ChatClient(model, new ApiKeyCredential(ApiKey), PlainOptions()).AsIChatClient();
        var builder = openAI.AsBuilder();
        builder = configure is null ? builder.UseBraintrust(Tracing.Logger) : configure(builder);
        return builder.Build();
    }

    [Test]
    public async Task Response_becomes_an_llm_span_with_provider_model_options_and_usage()
    {
        var client = TracedChatClient();
        var options = new ChatOptions { Temperature = 0.3f, TopP = 0.8f, MaxOutputTokens = 50, Seed = 7, ResponseFormat = ChatResponseFormat.Json };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be terse."), new ChatMessage(ChatRole.User, "Say hello.")], options);

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(response.Text, Is.EqualTo(FakeReplies.Text));
            Assert.That(span["span_attributes"]!["name"]!.GetValue<string>(), Is.EqualTo("Chat Completion"));
            Assert.That(span["input"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("system"));
            Assert.That(span["input"]![1]!["content"]!.GetValue<string>(), Is.EqualTo("Say hello."));
            Assert.That(span["output"]![0]!["message"]!["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["output"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
            Assert.That(span["metadata"]!["provider"]!.GetValue<string>(), Is.EqualTo("openai"));
            Assert.That(span["metadata"]!["model"]!.GetValue<string>(), Is.EqualTo(Model));
            Assert.That(span["metadata"]!["temperature"]!.GetValue<double>(), Is.EqualTo(0.3).Within(1e-6));
            Assert.That(span["metadata"]!["top_p"]!.GetValue<double>(), Is.EqualTo(0.8).Within(1e-6));
            Assert.That(span["metadata"]!["max_tokens"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(span["metadata"]!["seed"]!.GetValue<long>(), Is.EqualTo(7));
            Assert.That(span["metadata"]!["response_format"]!["type"]!.GetValue<string>(), Is.EqualTo("json_object"));
            Assert.That(span["metrics"]!["prompt_tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.PromptTokens));
            Assert.That(span["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.PromptTokens + FakeReplies.CompletionTokens));
        });
    }

    [Test]
    public async Task Streaming_response_is_assembled_and_timed()
    {
        var client = TracedChatClient();
        var text = new StringBuilder();

        await foreach (var update in client.GetStreamingResponseAsync("Say hello."))
        {
            text.Append(update.Text);
        }

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["metrics"]!["time_to_first_token"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(span["metrics"]!["completion_tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.CompletionTokens));
            Assert.That(span["metadata"]!.AsObject().ContainsKey("stopped_early"), Is.False);
        });
    }

    [Test]
    public async Task Abandoned_stream_ends_the_span_marked_stopped_early()
    {
        var client = TracedChatClient("slow-stream");
        var count = 0;

        await foreach (var update in client.GetStreamingResponseAsync("Count slowly."))
        {
            if (++count == 3)
            {
                break;
            }
        }

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span["metadata"]!["stopped_early"]!.GetValue<bool>(), Is.True);
            Assert.That(span["metrics"]!.AsObject().ContainsKey("end"), Is.True);
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Does.Not.Contain("word199"));
        });
    }

    [Test]
    public async Task Function_invocation_gives_one_span_per_model_call_with_the_tool_round_trip()
    {
        var client = TracedChatClient(configure: builder => builder.UseFunctionInvocation().UseBraintrust(Tracing.Logger));
        var weather = AIFunctionFactory.Create((string city, string? unit) => $"sunny, 21 degrees in {city}", FakeReplies.ToolName, "Current weather in a city.");

        var response = await client.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [weather] });

        var spans = Tracing.LlmSpans();
        Assert.That(spans, Has.Count.EqualTo(2));
        var call = spans[0]["output"]![0]!["message"]!["tool_calls"]![0]!;
        var secondInput = spans[1]["input"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(response.Text, Is.EqualTo(FakeReplies.AfterTool));
            Assert.That(spans[0]["metadata"]!["tools"]![0]!["function"]!["name"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolName));
            Assert.That(spans[0]["metadata"]!["tools"]![0]!["function"]!["parameters"]!["properties"]!.AsObject().ContainsKey("city"), Is.True);
            Assert.That(call["id"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolCallId));
            Assert.That(call["function"]!["name"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolName));
            Assert.That(call["function"]!["arguments"]!.GetValue<string>(), Does.Contain("Paris"));
            Assert.That(spans[0]["output"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("tool_calls"));
            Assert.That(secondInput[^1]!["role"]!.GetValue<string>(), Is.EqualTo("tool"));
            Assert.That(secondInput[^1]!["tool_call_id"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolCallId));
            Assert.That(secondInput[^1]!["content"]!.ToJsonString(), Does.Contain("sunny, 21 degrees in Paris"));
        });
    }

    [Test]
    public async Task Middleware_span_nests_under_the_current_span()
    {
        var client = TracedChatClient();
        string parentId;
        using (var parent = Tracing.Logger.StartSpan("handle-request"))
        {
            parentId = parent.SpanId;
            await client.GetResponseAsync("Hi");
            Assert.That(Span.Current, Is.SameAs(parent));
        }

        Assert.That(Tracing.SingleLlmSpan()["span_parents"]![0]!.GetValue<string>(), Is.EqualTo(parentId));
    }

    [Test]
    public async Task Failure_is_recorded_and_rethrown()
    {
        var client = TracedChatClient("error-429");

        await Assert.ThrowsAsync<ClientResultException>(async () => await client.GetResponseAsync("Hi"));

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span["error"]!.ToJsonString(), Does.Contain("429"));
            Assert.That(span["metrics"]!.AsObject().ContainsKey("end"), Is.True);
        });
    }
}
