using System.ClientModel;
using System.Diagnostics;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Tests;

/// <summary>
/// With BraintrustOptions.EmitActivities, a wrapped OpenAI call is also an Activity an OpenTelemetry pipeline sees,
/// named and tagged by the GenAI semantic conventions.
/// </summary>
[NonParallelizable]
public sealed class OpenTelemetryActivityTests : OpenAITestBase
{
    [Test]
    public async Task Wrapped_chat_call_is_an_activity_with_GenAI_attributes()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Braintrust.Traced",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (stopped) { stopped.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var logger = BraintrustLogger.Init("otel", new BraintrustOptions { Exporter = new InMemorySpanExporter(), EmitActivities = true });
        var chat = new ChatClient(Model, new ApiKeyCredential(ApiKey), PlainOptions().WrapOpenAI(logger));

        await chat.CompleteChatAsync([new UserChatMessage("Say hello.")], new ChatCompletionOptions { Temperature = 0.5f });

        Activity activity;
        lock (stopped)
        {
            activity = stopped.Single(a => (string?)a.GetTagItem("braintrust.span_type") == "llm");
        }

        Assert.Multiple(() =>
        {
            Assert.That(activity.DisplayName, Is.EqualTo("chat " + Model));
            Assert.That(activity.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(activity.GetTagItem("gen_ai.operation.name"), Is.EqualTo("chat"));
            Assert.That(activity.GetTagItem("gen_ai.provider.name"), Is.EqualTo("openai"));
            Assert.That(activity.GetTagItem("gen_ai.request.model"), Is.EqualTo(Model));
            Assert.That((double)activity.GetTagItem("gen_ai.request.temperature")!, Is.EqualTo(0.5).Within(1e-6));
            Assert.That(activity.GetTagItem("gen_ai.usage.input_tokens"), Is.EqualTo((long)FakeReplies.PromptTokens));
            Assert.That(activity.GetTagItem("gen_ai.usage.output_tokens"), Is.EqualTo((long)FakeReplies.CompletionTokens));
            Assert.That(activity.Tags.Select(t => t.Value ?? ""), Has.None.Contains(ApiKey), "no secret on the activity");
        });
    }
}
