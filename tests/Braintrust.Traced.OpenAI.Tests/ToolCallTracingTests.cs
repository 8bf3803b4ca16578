using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class ToolCallTracingTests : OpenAITestBase
{
    internal static ChatTool WeatherTool() => ChatTool.CreateFunctionTool(
        FakeReplies.ToolName,
        "Current weather in a city.",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}"""));

    [Test]
    public async Task Tool_call_round_trip_records_the_call_the_result_and_the_tools()
    {
        var chat = TracedChatClient();
        var options = new ChatCompletionOptions { Tools = { WeatherTool() } };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options);
        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, """{"temperature":21,"sky":"sunny"}"""));
        ChatCompletion second = await chat.CompleteChatAsync(messages, options);

        var spans = Tracing.LlmSpans();
        Assert.That(spans, Has.Count.EqualTo(2));
        var call = spans[0]["output"]![0]!["message"]!["tool_calls"]![0]!;
        var replayed = spans[1]["input"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(second.Content[0].Text, Is.EqualTo(FakeReplies.AfterTool));
            Assert.That(call["function"]!["name"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolName));
            Assert.That(call["function"]!["arguments"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolArguments));
            Assert.That(spans[0]["output"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("tool_calls"));
            Assert.That(spans[0]["metadata"]!["tools"]![0]!["function"]!["name"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolName));
            Assert.That(spans[0]["metadata"]!["tools"]![0]!["function"]!["parameters"]!["required"]![0]!.GetValue<string>(), Is.EqualTo("city"));
            Assert.That(replayed, Has.Count.EqualTo(3));
            Assert.That(replayed[1]!["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(replayed[1]!["tool_calls"]![0]!["id"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolCallId));
            Assert.That(replayed[2]!["role"]!.GetValue<string>(), Is.EqualTo("tool"));
            Assert.That(replayed[2]!["tool_call_id"]!.GetValue<string>(), Is.EqualTo(FakeReplies.ToolCallId));
            Assert.That(spans[1]["output"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(FakeReplies.AfterTool));
        });
    }

    [Test]
    public void Content_parts_of_a_user_message_are_kept()
    {
        var chat = TracedChatClient();
        var message = new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("What is in this picture?"),
            ChatMessageContentPart.CreateImagePart(new Uri("https://example.com/cat.png")));

        chat.CompleteChat([message]);

        var parts = Tracing.SingleLlmSpan()["input"]![0]!["content"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(parts, Has.Count.EqualTo(2));
            Assert.That(parts[0]!["type"]!.GetValue<string>(), Is.EqualTo("text"));
            Assert.That(parts[1]!["type"]!.GetValue<string>(), Is.EqualTo("image_url"));
            Assert.That(parts[1]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("https://example.com/cat.png"));
        });
    }
}
