using System.ClientModel;
using System.ClientModel.Primitives;
using Braintrust.Traced.OpenAI;
using OpenAI;
using OpenAI.Chat;

namespace Quickstart;

/// <summary>Builds the traced chat client: through the server's AI proxy with a provider key, or against the in-process fake model.</summary>
public static class ModelClientFactory
{
    private const string ModelName = "gpt-4o-mini";

    public static ModelClient Create(string appUrl, string braintrustApiKey, string? openAiApiKey)
    {
        if (!string.IsNullOrWhiteSpace(openAiApiKey))
        {
            // The proxy authenticates with the Braintrust key and forwards to OpenAI with the provider key we hand it.
            var proxied = new OpenAIClientOptions { Endpoint = new Uri(appUrl + "/v1/proxy") };
            proxied.AddPolicy(new HeaderPolicy("x-bt-provider-key", openAiApiKey), PipelinePosition.PerCall);
            return new ModelClient(new ChatClient(ModelName, new ApiKeyCredential(braintrustApiKey), proxied.WrapOpenAI()), $"{ModelName} through {appUrl}/v1/proxy");
        }

        // No provider key: the client's HTTP transport is a fake that answers like OpenAI, so nothing leaves the process.
        var fake = new OpenAIClientOptions { Transport = new HttpClientPipelineTransport(new HttpClient(new FakeModelHandler())) };
        return new ModelClient(new ChatClient(ModelName, new ApiKeyCredential("fake-model-key"), fake.WrapOpenAI()), "fake model (set OPENAI_API_KEY to use OpenAI through the server's proxy)");
    }
}
