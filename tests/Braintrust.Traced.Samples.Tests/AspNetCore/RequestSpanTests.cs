using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Samples.Tests.AspNetCore;

/// <summary>UseBraintrustRequestSpans and the endpoint conventions, in a real Kestrel app.</summary>
public sealed class RequestSpanTests
{
    [Test]
    public async Task A_request_becomes_a_span_named_by_its_route_with_the_request_and_status()
    {
        await using var app = await TracedWebApp.StartAsync(web => web.MapGet("/orders/{id}", (string id) => Results.Ok(new { id })));

        using var response = await app.Client.GetAsync("/orders/A-17?verbose=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var span = (await app.SpansAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That((string?)span["span_attributes"]!["name"], Is.EqualTo("GET /orders/{id}"));
            Assert.That((string?)span["span_attributes"]!["type"], Is.EqualTo("task"));
            Assert.That((string?)span["input"]!["path"], Is.EqualTo("/orders/A-17"));
            Assert.That((string?)span["input"]!["query"], Is.EqualTo("?verbose=1"));
            Assert.That((string?)span["input"]!["route_values"]!["id"], Is.EqualTo("A-17"));
            Assert.That((int?)span["metadata"]!["http_status_code"], Is.EqualTo(200));
            Assert.That((string?)span["metadata"]!["http_route"], Is.EqualTo("/orders/{id}"));
            Assert.That(span["span_parents"], Is.Null, "a request without x-bt-parent starts a trace");
        });
    }

    [Test]
    public async Task Spans_started_inside_the_handler_nest_under_the_request_span_which_is_current_there()
    {
        await using var app = await TracedWebApp.StartAsync(web => web.MapGet("/work", async (HttpContext context) =>
        {
            using (BraintrustLogger.Current!.StartSpan("inner_step"))
            {
                await Task.Yield();
            }

            return Results.Text(ReferenceEquals(Span.Current, context.GetBraintrustSpan()) ? "same" : "different");
        }).WithBraintrustSpan("do_work", SpanType.Function));

        var body = await app.Client.GetStringAsync("/work");

        Assert.That(body, Is.EqualTo("same"), "the request span is Span.Current inside the endpoint");
        var spans = await app.SpansAsync();
        var request = spans.Single(s => (string?)s["span_attributes"]!["name"] == "do_work");
        var inner = spans.Single(s => (string?)s["span_attributes"]!["name"] == "inner_step");
        Assert.That((string?)request["span_attributes"]!["type"], Is.EqualTo("function"));
        Assert.That(inner["span_parents"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { (string?)request["span_id"] }));
        Assert.That((string?)inner["root_span_id"], Is.EqualTo((string?)request["root_span_id"]));
    }

    [Test]
    public async Task Only_endpoints_asking_for_it_return_the_span_id_header_and_it_names_the_recorded_span()
    {
        await using var app = await TracedWebApp.StartAsync(web =>
        {
            web.MapGet("/answer", () => "42").ReturnBraintrustSpanId();
            web.MapGet("/custom", () => "43").ReturnBraintrustSpanId("x-request-span");
            web.MapGet("/plain", () => "44");
        });

        using var answer = await app.Client.GetAsync("/answer");
        using var custom = await app.Client.GetAsync("/custom");
        using var plain = await app.Client.GetAsync("/plain");

        var spans = await app.SpansAsync();
        var answerSpanId = answer.Headers.GetValues(BraintrustHeaders.SpanId).Single();
        Assert.Multiple(() =>
        {
            Assert.That((string?)spans.Single(s => (string?)s["id"] == answerSpanId)["span_attributes"]!["name"], Is.EqualTo("GET /answer"));
            Assert.That(custom.Headers.GetValues("x-request-span").Single(), Does.Match("^[0-9a-f]{16}$"));
            Assert.That(plain.Headers.Contains(BraintrustHeaders.SpanId), Is.False);
            Assert.That(spans, Has.Count.EqualTo(3), "every endpoint is traced; the header is the opt-in");
        });
    }

    [Test]
    public async Task WithoutBraintrustSpan_and_unmatched_requests_record_nothing()
    {
        await using var app = await TracedWebApp.StartAsync(web => web.MapGet("/health", () => "ok").WithoutBraintrustSpan());

        using var health = await app.Client.GetAsync("/health");
        using var missing = await app.Client.GetAsync("/no-such-route");

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await app.SpansAsync(), Is.Empty);
    }

    [Test]
    public async Task An_exception_is_recorded_on_the_request_span_and_still_reaches_the_app()
    {
        await using var app = await TracedWebApp.StartAsync(web => web.MapGet("/boom", string () => throw new InvalidOperationException("the database is gone")));

        using var response = await app.Client.GetAsync("/boom");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var span = (await app.SpansAsync()).Single();
        Assert.That((string?)span["error"]!["type"], Is.EqualTo("System.InvalidOperationException"));
        Assert.That((string?)span["error"]!["message"], Is.EqualTo("the database is gone"));
        Assert.That((int?)span["metadata"]!["http_status_code"], Is.EqualTo(500));
    }

    [Test]
    public async Task A_5xx_answer_without_an_exception_marks_the_span_as_an_error_and_a_4xx_does_not()
    {
        await using var app = await TracedWebApp.StartAsync(web =>
        {
            web.MapGet("/unavailable", () => Results.StatusCode(503));
            web.MapGet("/bad", () => Results.BadRequest());
        });

        using var unavailable = await app.Client.GetAsync("/unavailable");
        using var bad = await app.Client.GetAsync("/bad");

        var spans = await app.SpansAsync();
        Assert.That((string?)spans.Single(s => (string?)s["input"]!["path"] == "/unavailable")["error"], Is.EqualTo("HTTP 503"));
        Assert.That(spans.Single(s => (string?)s["input"]!["path"] == "/bad")["error"], Is.Null);
    }

    [Test]
    public async Task An_exported_span_in_x_bt_parent_is_continued()
    {
        await using var app = await TracedWebApp.StartAsync(web => web.MapPost("/job", () => "done"));
        string parentSpanId, rootSpanId, exported;
        using (var caller = app.Logger.StartSpan("caller"))
        {
            (parentSpanId, rootSpanId, exported) = (caller.SpanId, caller.RootSpanId, caller.Export());
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/job") { Headers = { { BraintrustHeaders.Parent, exported } } };
        using var response = await app.Client.SendAsync(request);

        var job = (await app.SpansAsync()).Single(s => (string?)s["span_attributes"]!["name"] == "POST /job");
        Assert.That(job["span_parents"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { parentSpanId }));
        Assert.That((string?)job["root_span_id"], Is.EqualTo(rootSpanId));
    }

    [Test]
    public async Task A_malformed_x_bt_parent_does_not_fail_the_request_it_starts_a_new_trace_marked_with_the_reason()
    {
        await using var app = await TracedWebApp.StartAsync(web => web.MapPost("/job", () => "done"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/job") { Headers = { { BraintrustHeaders.Parent, "%%% not base64 %%%" } } };
        using var response = await app.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var job = (await app.SpansAsync()).Single();
        Assert.That(job["span_parents"], Is.Null);
        Assert.That((string?)job["metadata"]!["invalid_parent"], Is.Not.Empty);
    }

    [Test]
    public async Task Stopping_the_host_delivers_spans_still_waiting_for_their_batch()
    {
        // An hour-long flush interval: only the flush on host shutdown can deliver the row.
        var app = await TracedWebApp.StartAsync(web => web.MapGet("/late", () => "late"), flushInterval: TimeSpan.FromHours(1));
        await using (app)
        {
            using var response = await app.Client.GetAsync("/late");
            await Task.Delay(100);
            Assert.That(app.Exporter.Rows, Is.Empty, "nothing is delivered before the batch fills or the host stops");

            await app.StopAsync();

            Assert.That(app.Exporter.Rows.Select(r => (string?)r["span_attributes"]?["name"]), Does.Contain("GET /late"));
        }
    }
}
