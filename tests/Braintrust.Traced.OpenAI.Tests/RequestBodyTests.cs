using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Tests;

/// <summary>
/// The wrapper serializes the request once and hands those bytes back to the request: the server must receive exactly
/// what the unwrapped client sends, on every try.
/// </summary>
public sealed class RequestBodyTests : OpenAITestBase
{
    [Test]
    public void Wrapped_client_sends_the_same_request_body_as_the_unwrapped_client()
    {
        var marker = Guid.NewGuid().ToString("N");
        var options = new ChatCompletionOptions { Temperature = 0.25f, MaxOutputTokenCount = 64, Seed = 7 };
        ChatMessage[] messages = [new SystemChatMessage("Be brief."), new UserChatMessage($"Hi {marker}")];

        new ChatClient(Model, new ApiKeyCredential(ApiKey), PlainOptions()).CompleteChat(messages, options);
        TracedChatClient().CompleteChat(messages, options);

        var bodies = BodiesContaining(marker);
        Assert.That(bodies, Has.Count.EqualTo(2));
        Assert.That(JsonNode.DeepEquals(bodies[0], bodies[1]), Is.True, $"unwrapped: {bodies[0]}\nwrapped: {bodies[1]}");
    }

    [Test]
    public void A_retried_request_resends_the_whole_body()
    {
        var marker = Guid.NewGuid().ToString("N");
        var options = PlainOptions();
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 1);
        var chat = new ChatClient("error-500", new ApiKeyCredential(ApiKey), options.WrapOpenAI(Tracing.Logger));

        Assert.Throws<ClientResultException>(() => chat.CompleteChat([new UserChatMessage($"Hi {marker}")]));

        var bodies = BodiesContaining(marker);
        Assert.Multiple(() =>
        {
            Assert.That(bodies, Has.Count.EqualTo(2), "one try and one retry");
            Assert.That(JsonNode.DeepEquals(bodies[0], bodies[^1]), Is.True);
            Assert.That(Tracing.SingleLlmSpan()["input"]![0]!["content"]!.GetValue<string>(), Is.EqualTo($"Hi {marker}"));
        });
    }

    private List<JsonObject> BodiesContaining(string marker) =>
        [.. Server.Requests.Select(request => request.Body).Where(body => body.ToJsonString().Contains(marker, StringComparison.Ordinal))];
}
