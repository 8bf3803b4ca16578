using System.ClientModel;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class SecretRedactionTests : OpenAITestBase
{
    [Test]
    public async Task No_row_contains_the_api_key_or_the_authorization_header()
    {
        var chat = TracedChatClient();
        chat.CompleteChat([new UserChatMessage("Hi")]);
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
        }

        new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential(ApiKey), TracedOptions()).GenerateEmbedding("text");
        // The fake server echoes the whole key back in its 401 message, as a careless proxy might.
        Assert.Throws<ClientResultException>(() => TracedChatClient("error-401").CompleteChat([new UserChatMessage("Hi")]));

        var rows = Tracing.AllRowsText();
        Assert.Multiple(() =>
        {
            Assert.That(Server.Requests.Any(request => request.Authorization == $"Bearer {ApiKey}"), Is.True, "the key did go to the server");
            Assert.That(Tracing.LlmSpans(), Has.Count.EqualTo(4));
            Assert.That(rows, Does.Not.Contain(ApiKey));
            Assert.That(rows, Does.Not.Contain("TESTSECRET"));
            Assert.That(rows, Does.Not.Contain("Bearer").IgnoreCase);
            Assert.That(rows, Does.Not.Contain("authorization").IgnoreCase);
            Assert.That(rows, Does.Contain("[redacted]"), "the echoed key was replaced, not the whole message dropped");
        });
    }
}
