using System.ClientModel;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI.Embeddings;

namespace Braintrust.Traced.OpenAI.Tests;

public sealed class EmbeddingTracingTests : OpenAITestBase
{
    [Test]
    public async Task Embedding_call_records_the_inputs_and_the_vector_size_not_the_vectors()
    {
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential(ApiKey), TracedOptions());

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(["first text", "second text"]);

        var span = Tracing.SingleLlmSpan();
        Assert.Multiple(() =>
        {
            Assert.That(embeddings, Has.Count.EqualTo(2));
            Assert.That(embeddings[0].ToFloats().Length, Is.EqualTo(FakeReplies.EmbeddingDimensions));
            Assert.That(span["span_attributes"]!["name"]!.GetValue<string>(), Is.EqualTo("Embedding"));
            Assert.That(span["input"]![0]!.GetValue<string>(), Is.EqualTo("first text"));
            Assert.That(span["input"]![1]!.GetValue<string>(), Is.EqualTo("second text"));
            Assert.That(span["output"]!["embedding_length"]!.GetValue<int>(), Is.EqualTo(FakeReplies.EmbeddingDimensions));
            Assert.That(span["output"]!["embedding_count"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(span["metadata"]!["model"]!.GetValue<string>(), Is.EqualTo("text-embedding-3-small"));
            Assert.That(span["metrics"]!["prompt_tokens"]!.GetValue<double>(), Is.EqualTo(5));
            Assert.That(span["metrics"]!["tokens"]!.GetValue<double>(), Is.EqualTo(5));
        });
    }

    [Test]
    public void Single_embedding_sync_call_is_traced()
    {
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential(ApiKey), TracedOptions());

        client.GenerateEmbedding("just one");

        var span = Tracing.SingleLlmSpan();
        Assert.That(span["output"]!["embedding_count"]!.GetValue<int>(), Is.EqualTo(1));
    }
}
