using Braintrust.Traced.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Braintrust.Traced.OpenAI.Tests;

/// <summary>The middleware's stream assembly: folded as it goes, it must give what folding the whole stream gives.</summary>
public sealed class StreamedResponseTests
{
    [Test]
    public void A_long_stream_assembles_to_the_same_response_while_holding_few_updates()
    {
        var stream = LongStream().ToList();
        var assembled = new StreamedResponse();
        var mostHeld = 0;
        foreach (var update in stream)
        {
            assembled.Add(update);
            mostHeld = Math.Max(mostHeld, assembled.RetainedUpdateCount);
        }

        var expected = stream.ToChatResponse();
        var actual = assembled.ToChatResponse();
        Assert.Multiple(() =>
        {
            Assert.That(actual.Messages.Select(Describe), Is.EqualTo(expected.Messages.Select(Describe)));
            Assert.That(actual.Text, Does.StartWith("token0 token1 ").And.EndWith("token1499 "));
            Assert.That(actual.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
            Assert.That(actual.ModelId, Is.EqualTo("gpt-test"));
            Assert.That(actual.ResponseId, Is.EqualTo("resp-1"));
            Assert.That(actual.Usage?.InputTokenCount, Is.EqualTo(12), "usage is counted once, not once per fold");
            Assert.That(actual.Usage?.OutputTokenCount, Is.EqualTo(1500));
            Assert.That(mostHeld, Is.LessThanOrEqualTo(StreamedResponse.CompactionThreshold + 5), "updates are folded as the stream goes");
        });
    }

    private static IEnumerable<ChatResponseUpdate> LongStream()
    {
        var created = DateTimeOffset.UnixEpoch.AddDays(20_000);
        for (var i = 0; i < 1500; i++)
        {
            yield return new ChatResponseUpdate(i == 0 ? ChatRole.Assistant : null, $"token{i} ")
            {
                ResponseId = "resp-1",
                MessageId = "msg-1",
                ModelId = "gpt-test",
                CreatedAt = created,
            };
        }

        yield return new ChatResponseUpdate(null, [new FunctionCallContent("call-1", "lookup", new Dictionary<string, object?> { ["q"] = "weather" })])
        {
            ResponseId = "resp-1",
            MessageId = "msg-1",
        };
        yield return new ChatResponseUpdate(ChatRole.Tool, [new FunctionResultContent("call-1", "sunny")])
        {
            ResponseId = "resp-1",
            MessageId = "msg-2",
        };
        yield return new ChatResponseUpdate(null, [new UsageContent(new UsageDetails { InputTokenCount = 12, OutputTokenCount = 1500, TotalTokenCount = 1512 })])
        {
            ResponseId = "resp-1",
            FinishReason = ChatFinishReason.ToolCalls,
        };
    }

    private static string Describe(ChatMessage message) =>
        $"{message.Role}|{message.MessageId}|{message.Text}|" + string.Join(",", message.Contents.Select(c => c switch
        {
            FunctionCallContent call => $"call:{call.CallId}:{call.Name}",
            FunctionResultContent result => $"result:{result.CallId}:{result.Result}",
            TextContent => "text",
            _ => c.GetType().Name,
        }));
}
