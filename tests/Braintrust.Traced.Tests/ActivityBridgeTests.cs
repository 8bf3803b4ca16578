using System.Diagnostics;
using Braintrust.Traced.Runtime;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>
/// BraintrustOptions.EmitActivities: a team with an OpenTelemetry pipeline sees the same spans as Activities of the
/// "Braintrust.Traced" source, nested the same way, llm spans carrying the GenAI semantic conventions.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ActivityBridgeTests
{
    private readonly List<Activity> _stopped = [];
    private ActivityListener _listener = null!;

    [SetUp]
    public void Listen()
    {
        // NUnit reuses the fixture instance: each test starts with no activities seen.
        _stopped.Clear();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Braintrust.Traced",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [TearDown]
    public void StopListening() => _listener.Dispose();

    [Test]
    public void Spans_become_nested_activities_carrying_their_Braintrust_ids()
    {
        using var logger = TestLoggers.InMemory(new InMemorySpanExporter(), o => o.EmitActivities = true);

        string rootSpanId;
        string childSpanId;
        using (var root = logger.StartSpan("handle_request"))
        {
            rootSpanId = root.SpanId;
            using var child = root.StartSpan("lookup", SpanType.Tool);
            childSpanId = child.SpanId;
            Assert.That(Activity.Current?.GetTagItem("braintrust.span_id"), Is.EqualTo(childSpanId), "the current span's activity is current");
        }

        var rootActivity = Stopped(rootSpanId);
        var childActivity = Stopped(childSpanId);
        Assert.Multiple(() =>
        {
            Assert.That(rootActivity.OperationName, Is.EqualTo("handle_request"));
            Assert.That(rootActivity.GetTagItem("braintrust.span_type"), Is.EqualTo("task"));
            Assert.That(childActivity.ParentSpanId, Is.EqualTo(rootActivity.SpanId));
            Assert.That(childActivity.TraceId, Is.EqualTo(rootActivity.TraceId));
            Assert.That(childActivity.GetTagItem("braintrust.span_type"), Is.EqualTo("tool"));
            Assert.That(Activity.Current, Is.Null, "ending the spans gives the caller its Activity.Current back");
        });
    }

    [Test]
    public void An_llm_span_carries_the_GenAI_conventions_and_does_not_become_current_when_detached()
    {
        using var logger = TestLoggers.InMemory(new InMemorySpanExporter(), o => o.EmitActivities = true);
        using var root = logger.StartSpan("answer");
        var rootActivity = Activity.Current;

        var llm = root.StartSpan("Chat Completion", SpanType.Llm, setCurrent: false);
        Assert.That(Activity.Current, Is.SameAs(rootActivity), "a detached span leaves Activity.Current alone");
        llm.Log(
            metadata: new Dictionary<string, object?> { ["model"] = "gpt-4o-mini", ["provider"] = "openai", ["temperature"] = 0.2, ["max_completion_tokens"] = 64 },
            metrics: new Dictionary<string, double> { ["prompt_tokens"] = 42, ["completion_tokens"] = 17, ["time_to_first_token"] = 0.25 });
        llm.End();

        var activity = Stopped(llm.SpanId);
        Assert.Multiple(() =>
        {
            Assert.That(activity.DisplayName, Is.EqualTo("chat gpt-4o-mini"));
            Assert.That(activity.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(activity.ParentSpanId, Is.EqualTo(rootActivity!.SpanId));
            Assert.That(activity.GetTagItem("gen_ai.operation.name"), Is.EqualTo("chat"));
            Assert.That(activity.GetTagItem("gen_ai.provider.name"), Is.EqualTo("openai"));
            Assert.That(activity.GetTagItem("gen_ai.request.model"), Is.EqualTo("gpt-4o-mini"));
            Assert.That(activity.GetTagItem("gen_ai.request.temperature"), Is.EqualTo(0.2));
            Assert.That(activity.GetTagItem("gen_ai.request.max_tokens"), Is.EqualTo(64));
            Assert.That(activity.GetTagItem("gen_ai.usage.input_tokens"), Is.EqualTo(42L));
            Assert.That(activity.GetTagItem("gen_ai.usage.output_tokens"), Is.EqualTo(17L));
            Assert.That(activity.GetTagItem("braintrust.time_to_first_token"), Is.EqualTo(0.25));
        });
    }

    [Test]
    public void A_traced_call_that_throws_is_an_activity_with_error_status_and_its_source_location()
    {
        using var logger = TestLoggers.InMemory(new InMemorySpanExporter(), o => o.EmitActivities = true);
        var method = new TracedMethod("divide", SpanType.Function, "Calculator.Divide", "/src/Calculator.cs", 12, ["a", "b"], []);

        string spanId;
        using (var scope = TracedCalls.Begin(method))
        {
            spanId = scope.Span!.SpanId;
            scope.SetError(new DivideByZeroException("b was zero"));
        }

        var activity = Stopped(spanId);
        Assert.Multiple(() =>
        {
            Assert.That(activity.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(activity.StatusDescription, Is.EqualTo("b was zero"));
            Assert.That(activity.GetTagItem("error.type"), Is.EqualTo("System.DivideByZeroException"));
            Assert.That(activity.GetTagItem("code.function.name"), Is.EqualTo("Calculator.Divide"));
            Assert.That(activity.GetTagItem("code.file.path"), Is.EqualTo("/src/Calculator.cs"));
            Assert.That(activity.GetTagItem("code.line.number"), Is.EqualTo(12));
        });
    }

    [Test]
    public async Task A_span_handed_to_a_task_gives_the_caller_its_activity_back_at_once()
    {
        using var logger = TestLoggers.InMemory(new InMemorySpanExporter(), o => o.EmitActivities = true);
        var method = new TracedMethod("slow", SpanType.Function, "Worker.SlowAsync", "/src/Worker.cs", 3, [], []);
        var release = new TaskCompletionSource();

        Task traced;
        string spanId;
        using (var scope = TracedCalls.Begin(method))
        {
            spanId = scope.Span!.SpanId;
            traced = scope.TraceTask(release.Task);
        }

        Assert.That(Activity.Current, Is.Null, "the caller does not nest under a call that is still running elsewhere");
        release.SetResult();
        await traced;
        Assert.That(Stopped(spanId).OperationName, Is.EqualTo("slow"));
    }

    [Test]
    public void Activities_are_off_unless_asked_for()
    {
        using var logger = TestLoggers.InMemory(new InMemorySpanExporter());

        using (logger.StartSpan("quiet"))
        {
            Assert.That(Activity.Current, Is.Null);
        }

        lock (_stopped)
        {
            Assert.That(_stopped, Is.Empty);
        }
    }

    private Activity Stopped(string spanId)
    {
        lock (_stopped)
        {
            var match = _stopped.SingleOrDefault(a => (string?)a.GetTagItem("braintrust.span_id") == spanId);
            Assert.That(match, Is.Not.Null, $"no stopped activity for span {spanId}; saw {_stopped.Count}");
            return match!;
        }
    }
}
