using Braintrust.Traced.Samples.Tests.Infrastructure;
using static Braintrust.Traced.Samples.Tests.Infrastructure.TraceTree;

namespace Braintrust.Traced.Samples.Tests.Samples;

/// <summary>samples/Quickstart, run as a user runs it, against the real server.</summary>
public sealed class QuickstartTests
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task The_trace_it_prints_is_on_the_server_with_nesting_the_error_and_the_model_call()
    {
        var server = SharedServer.Server;
        await using var quickstart = ChildProcess.StartDotnet(BuiltPrograms.Quickstart, [], server.SampleEnvironment());
        var exitCode = await quickstart.WaitForExitAsync(s_runTimeout);
        Assert.That(exitCode, Is.Zero, quickstart.Output);
        var rootSpanId = Patterns.RootSpanId().Match(quickstart.Output).Groups[1].Value;
        Assert.That(quickstart.Output, Does.Contain(server.Url).And.Contain("project \"quickstart\""));

        using var query = server.Query();
        var trace = await query.TraceAsync(await query.ProjectIdAsync("quickstart"), rootSpanId, spanCount: 6);

        var root = Roots(trace).Single();
        Assert.That((string?)root["name"], Is.EqualTo("support_request"));
        var answer = Child(root, "answer_question");
        Assert.That(ChildNames(answer), Is.EqualTo(new[] { "classify_intent", "look_up_order", "look_up_order", "Chat Completion" }));

        var lookups = Children(answer).Where(c => (string?)c["name"] == "look_up_order").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That((bool)lookups[0]["has_error"]!, Is.True, "the legacy-id lookup throws");
            Assert.That((string?)lookups[0]["error"]!["type"], Is.EqualTo("System.Collections.Generic.KeyNotFoundException"));
            Assert.That((bool)lookups[1]["has_error"]!, Is.False);
            Assert.That((string?)lookups[1]["output"], Is.EqualTo("shipped on Monday, arriving Thursday"));
            Assert.That((string?)lookups[1]["type"], Is.EqualTo("tool"));
        });

        var llm = Child(answer, "Chat Completion");
        Assert.Multiple(() =>
        {
            Assert.That((string?)llm["type"], Is.EqualTo("llm"));
            Assert.That(llm["output"]!.ToJsonString(), Does.Contain("arriving Thursday"), "the fake model's answer is the span's output");
            Assert.That((double?)llm["metrics"]!["tokens"], Is.GreaterThan(0));
            Assert.That((string?)root["output"], Does.StartWith("Thanks for your patience!"));
            Assert.That(quickstart.Output, Does.Contain("Answer: " + (string?)root["output"]));
        });
    }

    [Test]
    public async Task Without_an_API_key_it_says_which_variable_to_set_and_fails()
    {
        var environment = SharedServer.Server.SampleEnvironment();
        environment.Remove("BRAINTRUST_API_KEY");
        await using var quickstart = ChildProcess.StartDotnet(BuiltPrograms.Quickstart, [], environment);

        var exitCode = await quickstart.WaitForExitAsync(s_runTimeout);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(quickstart.Output, Does.Contain("BRAINTRUST_API_KEY is not set").And.Contain("initial-api-key.txt"));
    }

    [Test]
    public async Task With_a_wrong_API_key_it_reports_the_rejection_instead_of_a_trace_link()
    {
        var environment = SharedServer.Server.SampleEnvironment();
        environment["BRAINTRUST_API_KEY"] = "btk-000000000000.not-a-real-secret-0000000000000000000000000";
        environment["BRAINTRUST_NUM_RETRIES"] = "0";
        await using var quickstart = ChildProcess.StartDotnet(BuiltPrograms.Quickstart, [], environment);

        var exitCode = await quickstart.WaitForExitAsync(s_runTimeout);

        Assert.That(exitCode, Is.EqualTo(1), quickstart.Output);
        Assert.That(quickstart.Output, Does.Contain("rejected").And.Not.Contain("root_span_id"));
    }
}
