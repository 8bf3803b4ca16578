using System.ClientModel;
using System.Text;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class StreamingTracingTests : OpenAITestBase
{
    [Test]
    public async Task Async_stream_is_assembled_into_one_message_with_usage_and_time_to_first_token()
    {
        var chat = TracedChatClient();
        var received = new StringBuilder();

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Say hello.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                received.Append(part.Text);
            }
        }

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(received.ToString(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["output"]![0]!["message"]!["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["output"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
            Assert.That(span["metadata"]!["stream"]!.GetValue<bool>(), Is.True);
            Assert.That(span["metadata"]!.AsObject().ContainsKey("stopped_early"), Is.False);
            Assert.That(span["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.PromptTokens + FakeReplies.CompletionTokens));
            Assert.That(span["metrics"]!["time_to_first_token"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(
                span["metrics"]!["time_to_first_token"]!.GetValue<double>(),
                Is.LessThanOrEqualTo(span["metrics"]!["end"]!.GetValue<double>() - span["metrics"]!["start"]!.GetValue<double>() + 0.001));
        });
    }

    [Test]
    public void Sync_stream_is_assembled_the_same_way()
    {
        var chat = TracedChatClient();
        var received = new StringBuilder();

        foreach (var update in chat.CompleteChatStreaming([new UserChatMessage("Say hello.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                received.Append(part.Text);
            }
        }

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(received.ToString(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(FakeReplies.Text));
            Assert.That(span["metrics"]!["completion_tokens"]!.GetValue<double>(), Is.EqualTo(FakeReplies.CompletionTokens));
            Assert.That(Span.Current, Is.Null, "the llm span must not become current in a synchronous stream");
        });
    }

    [Test]
    public async Task Caller_gets_exactly_the_chunks_the_unwrapped_client_gets()
    {
        var traced = await CollectAsync(TracedChatClient());
        var plain = await CollectAsync(new ChatClient(Model, new ApiKeyCredential(ApiKey), PlainOptions()));

        Assert.That(traced, Is.EqualTo(plain));
        Assert.That(traced, Is.EqualTo(FakeReplies.Pieces(FakeReplies.Text).Prepend(string.Empty)));
    }

    [Test]
    public async Task Stream_abandoned_half_way_still_ends_the_span_with_what_arrived()
    {
        var chat = TracedChatClient("slow-stream");
        var taken = new StringBuilder();
        var count = 0;

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Count slowly.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                taken.Append(part.Text);
            }

            if (++count == 3)
            {
                break;
            }
        }

        var span = Tracing.SingleLlmSpan();
        var output = span["output"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(span["metadata"]!["stopped_early"]!.GetValue<bool>(), Is.True);
            Assert.That(output, Does.StartWith(taken.ToString()), "what the caller saw is in the span");
            Assert.That(output, Does.Not.Contain("word199"), "the rest was never received");
            Assert.That(span["metrics"]!.AsObject().ContainsKey("end"), Is.True);
            Assert.That(span.ContainsKey("error"), Is.False);
        });
    }

    [Test]
    public void Sync_stream_abandoned_half_way_still_ends_the_span()
    {
        var chat = TracedChatClient("slow-stream");

        foreach (var update in chat.CompleteChatStreaming([new UserChatMessage("Count slowly.")]))
        {
            if (update.ContentUpdate.Count > 0)
            {
                break;
            }
        }

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(span["metadata"]!["stopped_early"]!.GetValue<bool>(), Is.True);
            Assert.That(span["metrics"]!.AsObject().ContainsKey("end"), Is.True);
        });
    }

    [Test]
    public async Task Streamed_tool_call_arguments_are_assembled_from_their_pieces()
    {
        var chat = TracedChatClient();
        var options = new ChatCompletionOptions { Tools = { ToolCallTracingTests.WeatherTool() } };
        var arguments = new StringBuilder();

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Weather in Paris?")], options))
        {
            foreach (var toolCall in update.ToolCallUpdates)
            {
                arguments.Append(toolCall.FunctionArgumentsUpdate?.ToString());
            }
        }

        var message = Tracing.SingleLlmSpan()["output"]![0]!["message"]!;
        var call = message["tool_calls"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(arguments.ToString(), Is.EqualTo(FakeReplies.ToolArguments));
            Assert.That(call["id"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolCallId));
            Assert.That(call["type"]!.GetValue<string>(), Is.EqualTo("function"));
            Assert.That(call["function"]!["name"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolName));
            Assert.That(call["function"]!["arguments"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolArguments));
            Assert.That(message["content"], Is.Null);
            Assert.That(Tracing.SingleLlmSpan()["output"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("tool_calls"));
        });
    }

    [Test]
    public async Task Stream_arriving_in_fragments_cut_inside_lines_and_characters_reaches_the_caller_unchanged()
    {
        var traced = await CollectAsync(TracedChatClient("fragmented-stream"));
        var plain = await CollectAsync(new ChatClient("fragmented-stream", new ApiKeyCredential(ApiKey), PlainOptions()));

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(traced, Is.EqualTo(plain));
            Assert.That(string.Concat(traced), Is.EqualTo(FakeReplies.UnicodeText));
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(FakeReplies.UnicodeText));
            Assert.That(span["output"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
        });
    }

    [Test]
    public async Task Long_stream_arriving_in_bursts_is_assembled_whole_and_the_caller_gets_every_chunk()
    {
        var traced = await CollectAsync(TracedChatClient("long-stream"));
        var plain = await CollectAsync(new ChatClient("long-stream", new ApiKeyCredential(ApiKey), PlainOptions()));

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(traced, Is.EqualTo(plain));
            Assert.That(traced, Has.Count.EqualTo(FakeReplies.LongStreamChunks + 1));
            Assert.That(span["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(string.Concat(FakeReplies.LongStreamPieces())));
            Assert.That(span["metadata"]!.AsObject().ContainsKey("stopped_early"), Is.False);
            Assert.That(span["metrics"]!["time_to_first_token"]!.GetValue<double>(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Long_stream_abandoned_half_way_ends_the_span_with_at_least_what_the_caller_saw()
    {
        var taken = new StringBuilder();
        var count = 0;
        await foreach (var update in TracedChatClient("long-stream").CompleteChatStreamingAsync([new UserChatMessage("Go on.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                taken.Append(part.Text);
            }

            if (++count == FakeReplies.LongStreamChunks / 2)
            {
                break;
            }
        }

        var span = Tracing.SingleLlmSpan();
        var output = span["output"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(span["metadata"]!["stopped_early"]!.GetValue<bool>(), Is.True);
            Assert.That(output, Does.StartWith(taken.ToString()), "every chunk the caller saw is in the span, in order");
            Assert.That(string.Concat(FakeReplies.LongStreamPieces()), Does.StartWith(output), "and nothing that was not sent");
            Assert.That(span.ContainsKey("error"), Is.False);
        });
    }

    [Test]
    public async Task Very_long_stream_keeps_its_text_within_the_loggers_field_limit()
    {
        using var tracing = new TracingHarness(maxFieldBytes: 16 * 1024);
        var chat = new ChatClient("long-stream", new ApiKeyCredential(ApiKey), PlainOptions().WrapOpenAI(tracing.Logger));

        var received = await CollectAsync(chat);

        var output = tracing.SingleLlmSpan()["output"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(received, Has.Count.EqualTo(FakeReplies.LongStreamChunks + 1), "the caller still gets every chunk");
            Assert.That(output, Does.StartWith("[truncated: "));
            Assert.That(output, Does.Contain("token0 token1 token2 "), "the start of the answer is kept");
            Assert.That(System.Text.Encoding.UTF8.GetByteCount(output), Is.LessThanOrEqualTo(16 * 1024));
        });
    }

    private static async Task<List<string>> CollectAsync(ChatClient chat)
    {
        var pieces = new List<string>();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Say hello.")]))
        {
            pieces.AddRange(update.ContentUpdate.Select(part => part.Text));
        }

        return pieces;
    }
}
