using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Samples.Tests.Infrastructure;
using static Braintrust.Traced.Samples.Tests.Infrastructure.TraceTree;

namespace Braintrust.Traced.Samples.Tests.Samples;

/// <summary>samples/AspNetCoreFeedback as a running web app: answer, rate the answer, read it all back from the server.</summary>
public sealed class AspNetCoreFeedbackTests
{
    private const string Project = "feedback-sample";

    [Test]
    public async Task Feedback_on_the_returned_span_id_lands_on_the_answer_span_next_to_the_averaged_scorer_scores()
    {
        var server = SharedServer.Server;
        await using var app = await StartAppAsync(server);
        using var http = new HttpClient { BaseAddress = app.Url };

        using var answered = await http.PostAsJsonAsync("/api/answers", new { question = "How do I get a refund for my order?" });
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answered.Content.ReadAsStringAsync());
        var spanId = answered.Headers.GetValues("x-bt-span-id").Single();
        var body = (await answered.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.That((string?)body["span_id"], Is.EqualTo(spanId), "header and body name the same span");

        using var rated = await http.PostAsJsonAsync("/api/feedback", new { span_id = spanId, score = 0.25, comment = "too vague" });
        Assert.That(rated.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        using var query = server.Query();
        var projectId = await query.ProjectIdAsync(Project);
        var span = await query.SpanAsync(projectId, spanId, s => s["scores"]?["user_rating"] is not null && s["comments"]!.AsArray().Count > 0);
        Assert.Multiple(() =>
        {
            Assert.That((string?)span["name"], Is.EqualTo("answer_request"));
            Assert.That((string?)span["input"]!["question"], Is.EqualTo("How do I get a refund for my order?"));
            Assert.That((string?)span["output"], Is.EqualTo((string?)body["answer"]));
            Assert.That((double)span["scores"]!["user_rating"]!["value"]!, Is.EqualTo(0.25));
            Assert.That((bool)span["scores"]!["user_rating"]!["averaged"]!, Is.False, "feedback is the span's own score");
            Assert.That((string?)span["comments"]![0]!["text"], Is.EqualTo("too vague"));
            Assert.That((int)span["metadata"]!["http_status_code"]!, Is.EqualTo(200));
        });

        var trace = await query.TraceAsync(projectId, (string)span["root_span_id"]!, spanCount: 5);
        var root = Roots(trace).Single();
        var scorers = Children(root).Where(c => (string?)c["type"] == "score").ToArray();
        Assert.That(scorers.Select(s => (string)s["name"]!), Is.EquivalentTo(new[] { "length_scorer", "relevance_scorer", "tone_scorer" }));
        Assert.That(ChildNames(root), Does.Contain("generate_answer"));
        var expectedQuality = scorers.Average(s => (double)s["scores"]!["quality"]!["value"]!);
        Assert.Multiple(() =>
        {
            Assert.That((double)root["scores"]!["quality"]!["value"]!, Is.EqualTo(expectedQuality).Within(1e-9));
            Assert.That((bool)root["scores"]!["quality"]!["averaged"]!, Is.True);
            Assert.That(scorers.Select(s => (double)s["scores"]!["quality"]!["value"]!).Distinct().Count(), Is.GreaterThan(1),
                "the scorers disagree, so the average is a real average");
        });
    }

    [Test]
    public async Task Invalid_feedback_is_a_400_naming_each_bad_field_and_logs_nothing()
    {
        await using var app = await StartAppAsync(SharedServer.Server);
        using var http = new HttpClient { BaseAddress = app.Url };

        using var response = await http.PostAsJsonAsync("/api/feedback", new { span_id = "not an id!", score = 1.5 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "span_id", "score" }));
        Assert.That((string?)problem["errors"]!["score"]![0], Does.Contain("between 0 and 1"));
    }

    [Test]
    public async Task A_request_answered_just_before_SIGTERM_is_still_delivered()
    {
        var server = SharedServer.Server;
        var app = await StartAppAsync(server);
        string spanId;
        await using (app)
        {
            using var http = new HttpClient { BaseAddress = app.Url };
            using var answered = await http.PostAsJsonAsync("/api/answers", new { question = "Where is my parcel right now?" });
            spanId = answered.Headers.GetValues("x-bt-span-id").Single();

            var exitCode = await app.Process.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.That(exitCode, Is.Zero, app.Process.Output);
        }

        using var query = server.Query();
        var span = await query.GetAsync($"/api/v1/projects/{await query.ProjectIdAsync(Project)}/spans/{spanId}");
        Assert.That((string?)span["input"]!["question"], Is.EqualTo("Where is my parcel right now?"),
            "the host's shutdown flushed the logger before the process ended");
    }

    private static async Task<RunningApp> StartAppAsync(RunningServer server)
    {
        var environment = new Dictionary<string, string?>
        {
            ["BRAINTRUST_API_KEY"] = server.ApiKey,
            ["Braintrust__AppUrl"] = server.Url,            // overrides appsettings.json, as any ASP.NET Core setting
            ["Braintrust__FlushInterval"] = "00:00:05",     // long on purpose: only a flush on shutdown delivers in time
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };
        var process = ChildProcess.StartDotnet(BuiltPrograms.AspNetCoreFeedback, [], environment);
        var match = await process.WaitForLineAsync(Patterns.AspNetCoreListening(), TimeSpan.FromSeconds(60));
        return new RunningApp(process, new Uri(match.Groups[1].Value));
    }

    private sealed record RunningApp(ChildProcess Process, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
