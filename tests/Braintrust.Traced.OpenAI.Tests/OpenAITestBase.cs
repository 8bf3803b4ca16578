using System.ClientModel;
using System.ClientModel.Primitives;
using Braintrust.Traced.OpenAI.Tests.Fakes;
using OpenAI;
using OpenAI.Chat;

namespace Braintrust.Traced.OpenAI.Tests;

/// <summary>Starts the fake OpenAI server once per fixture and a fresh in-memory logger per test.</summary>
public abstract class OpenAITestBase
{
    /// <summary>The API key the clients send; no span may ever contain it.</summary>
    internal const string ApiKey = "sk-proj-TESTSECRET-4f1c2b7e9a0d";

    internal const string Model = "gpt-4o-mini";

    internal FakeOpenAIServer Server { get; private set; } = null!;

    internal TracingHarness Tracing { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer() => Server = await FakeOpenAIServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await Server.DisposeAsync();

    [SetUp]
    public void StartTracing() => Tracing = new TracingHarness();

    [TearDown]
    public void StopTracing() => Tracing.Dispose();

    /// <summary>Client options pointed at the fake server, without retries (error tests stay fast), not traced.</summary>
    internal OpenAIClientOptions PlainOptions() => new()
    {
        Endpoint = Server.Endpoint,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The same options, traced to this test's logger.</summary>
    internal OpenAIClientOptions TracedOptions() => PlainOptions().WrapOpenAI(Tracing.Logger);

    internal ChatClient TracedChatClient(string model = Model) => new(model, new ApiKeyCredential(ApiKey), TracedOptions());
}
