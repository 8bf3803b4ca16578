using Braintrust.Traced.Samples.Tests.Infrastructure;
using static Braintrust.Traced.Samples.Tests.Infrastructure.TraceTree;

namespace Braintrust.Traced.Samples.Tests.Samples;

/// <summary>The quickstart with OPENAI_API_KEY set: the model call goes through the server's AI proxy.</summary>
public sealed class QuickstartProxyTests
{
    [Test]
    public async Task With_a_provider_key_the_model_call_goes_through_the_servers_proxy_with_that_key()
    {
        await using var upstream = await FakeOpenAIUpstream.StartAsync();
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Proxy__Providers__openai__BaseUrl"] = upstream.BaseUrl,
        });
        var environment = server.SampleEnvironment();
        environment["OPENAI_API_KEY"] = "sk-test-provider-key";

        await using var quickstart = ChildProcess.StartDotnet(BuiltPrograms.Quickstart, [], environment);
        Assert.That(await quickstart.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.Zero, quickstart.Output + server.Output);

        Assert.That(quickstart.Output, Does.Contain("Answer: " + FakeOpenAIUpstream.Answer));
        Assert.That(upstream.AuthorizationHeaders, Is.EqualTo(new[] { "Bearer sk-test-provider-key" }),
            "the proxy forwards the caller's provider key, not the Braintrust key");

        using var query = server.Query();
        var rootSpanId = Patterns.RootSpanId().Match(quickstart.Output).Groups[1].Value;
        var trace = await query.TraceAsync(await query.ProjectIdAsync("quickstart"), rootSpanId, spanCount: 6);
        var llm = Child(Child(Roots(trace).Single(), "answer_question"), "Chat Completion");
        Assert.That(llm["output"]!.ToJsonString(), Does.Contain(FakeOpenAIUpstream.Answer));
        Assert.That((double?)llm["metrics"]!["tokens"], Is.EqualTo(38));
        Assert.That((int)trace["span_count"]!, Is.EqualTo(6), "the proxy logs no second llm span when no x-bt-parent is sent");
    }
}
