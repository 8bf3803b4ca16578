using System.Text.Json.Nodes;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class ChatCompletionTracingTests : OpenAITestBase
{
    [Test]
    public void Synchronous_call_becomes_an_llm_span_with_messages_output_and_usage()
    {
        var chat = TracedChatClient();

        ChatCompletion completion = chat.CompleteChat(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Say hello.")]);

        Assert.That(completion.Content[0].Text, Is.EqualTo(FakeReplies.Text));
        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span["span_attributes"]!["name"]!.GetValue<string>(), Is.EqualTo("Chat Completion"));
            Assert.That(span["input"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("system"));
            Assert.That(span["input"]![0]!["content"]!.GetValue<string>(), Is.EqualTo("You are terse."));
            Assert.That(span["input"]![1]!["role"]!.GetValue<string>(), Is.EqualTo("user"));
            Assert.That(span["input"]![1]!["content"]!.GetValue<string>(), Is.EqualTo("Say hello."));
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["output"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
            Assert.That(span["metadata"]!["model"]!.GetValue<string>(), Is.EqualTo(Model));
            Assert.That(span["metadata"]!["provider"]!.GetValue<string>(), Is.EqualTo("openai"));
            Assert.That(span["metrics"]!["prompt_tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.PromptTokens));
            Assert.That(span["metrics"]!["completion_tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.CompletionTokens));
            Assert.That(span["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.PromptTokens + FakeReplies.CompletionTokens));
            Assert.That(span["metrics"]!["prompt_cached_tokens"]!.GetValue<double>(), Is.EqualTo(4));
            Assert.That(span["metrics"]!["end"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(span["metrics"]!["start"]!.GetValue<double>()));
        });
    }

    [Test]
    public async Task Asynchronous_call_records_the_generation_parameters_as_metadata()
    {
        var chat = TracedChatClient();
        var options = new ChatCompletionOptions
        {
            Temperature = 0.2f,
            TopP = 0.9f,
            MaxOutputTokenCount = 64,
#pragma warning disable OPENAI001 // Seed is marked experimental by the OpenAI package.
            Seed = 42,
#pragma warning restore OPENAI001
            ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
        };

        await chat.CompleteChatAsync([new UserChatMessage("Reply in JSON.")], options);

        var metadata = Tracing.SingleLlmSpan()["metadata"]!;
        Assert.Multiple(() =>
        {
            Assert.That(metadata["temperature"]!.GetValue<double>(), Is.EqualTo(0.2).Within(1e-6));
            Assert.That(metadata["top_p"]!.GetValue<double>(), Is.EqualTo(0.9).Within(1e-6));
            Assert.That(metadata["max_completion_tokens"]!.GetValue<int>(), Is.EqualTo(64));
            Assert.That(metadata["seed"]!.GetValue<long>(), Is.EqualTo(42));
            Assert.That(metadata["response_format"]!["type"]!.GetValue<string>(), Is.EqualTo("json_object"));
            Assert.That(metadata.AsObject().ContainsKey("messages"), Is.False, "messages are the input, not metadata");
        });
    }

    [Test]
    public async Task Call_nests_under_the_current_span_and_leaves_it_current()
    {
        var chat = TracedChatClient();
        JsonObject parentRow;
        using (var parent = Tracing.Logger.StartSpan("answer-question"))
        {
            await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
            chat.CompleteChat([new UserChatMessage("Hi again")]);
            Assert.That(Span.Current, Is.SameAs(parent), "the llm span must not stay current after the call");
        }

        var spans = Tracing.Spans();
        parentRow = spans.Single(span => span["span_attributes"]!["name"]!.GetValue<string>() == "answer-question");
        var llm = Tracing.LlmSpans();
        Assert.That(llm, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            foreach (var span in llm)
            {
                Assert.That(span["span_parents"]![0]!.GetValue<string>(), Is.EqualTo(parentRow["span_id"]!.GetValue<string>()));
                Assert.That(span["root_span_id"]!.GetValue<string>(), Is.EqualTo(parentRow["root_span_id"]!.GetValue<string>()));
            }
        });
    }

    [Test]
    public async Task Concurrent_calls_each_nest_under_their_own_parent()
    {
        var chat = TracedChatClient();

        var parentIds = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var parent = Tracing.Logger.StartSpan($"request-{i}");
            await Task.Yield();
            await chat.CompleteChatAsync([new UserChatMessage($"question {i}")]);
            return parent.SpanId;
        }));

        var llm = Tracing.LlmSpans();
        Assert.That(llm, Has.Count.EqualTo(6));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < parentIds.Length; i++)
            {
                var question = $"question {i}";
                var span = llm.Single(row => row["input"]![0]!["content"]!.GetValue<string>() == question);
                Assert.That(span["span_parents"]![0]!.GetValue<string>(), Is.EqualTo(parentIds[i]), question);
            }
        });
    }

    [Test]
    public void Call_without_a_current_span_is_a_root_llm_span()
    {
        TracedChatClient().CompleteChat([new UserChatMessage("Hi")]);

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span.ContainsKey("span_parents"), Is.False);
            Assert.That(Span.Current, Is.Null);
        });
    }

    [Test]
    public void Wrapping_the_same_options_twice_still_logs_each_call_once()
    {
        var options = TracedOptions().WrapOpenAI(Tracing.Logger);
        var chat = new ChatClient(Model, new System.ClientModel.ApiKeyCredential(ApiKey), options);

        chat.CompleteChat([new UserChatMessage("Hi")]);

        Assert.That(Tracing.LlmSpans(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Unwrapped_client_logs_nothing()
    {
        var chat = new ChatClient(Model, new System.ClientModel.ApiKeyCredential(ApiKey), PlainOptions());

        chat.CompleteChat([new UserChatMessage("Hi")]);

        Assert.That(Tracing.LlmSpans(), Is.Empty);
    }
}
