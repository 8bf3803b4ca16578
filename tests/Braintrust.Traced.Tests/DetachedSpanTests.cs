using System.Text.Json.Nodes;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>
/// <see cref="Span.StartDetached"/>, the entry point of integrations (WrapOpenAI, the M.E.AI middleware): the span nests
/// where the caller is, yet the caller's next calls never nest under it.
/// </summary>
[TestFixture]
public sealed class DetachedSpanTests
{
    private InMemorySpanExporter _exporter = null!;
    private BraintrustLogger _logger = null!;

    [SetUp]
    public void CreateLogger()
    {
        _exporter = new InMemorySpanExporter();
        _logger = TestLoggers.InMemory(_exporter);
    }

    [TearDown]
    public void DisposeLogger() => _logger.Dispose();

    [Test]
    public void A_detached_span_is_a_child_of_the_current_span_and_leaves_Current_alone()
    {
        using (var request = _logger.StartSpan("request"))
        {
            var call = Span.StartDetached("chat", SpanType.Llm);
            using (var next = _logger.StartSpan("next step"))
            {
            }

            Assert.That(Span.Current, Is.SameAs(request));
            call!.End();
        }

        var spans = Spans();
        Assert.Multiple(() =>
        {
            Assert.That(spans.Named("chat").Parent(), Is.EqualTo(spans.Named("request").Str("span_id")));
            Assert.That(spans.Named("chat")["span_attributes"]!["type"]!.GetValue<string>(), Is.EqualTo("llm"));
            Assert.That(spans.Named("next step").Parent(), Is.EqualTo(spans.Named("request").Str("span_id")),
                "the caller's next span nests under the request, not under the model call");
        });
    }

    [Test]
    public void With_no_current_span_a_detached_span_starts_a_trace_of_the_given_logger()
    {
        var call = Span.StartDetached("chat", SpanType.Llm, _logger);

        Assert.That(Span.Current, Is.Null);
        call!.End();
        var chat = Spans().Named("chat");
        Assert.That(chat.Parent(), Is.Null);
        Assert.That(chat.Str("root_span_id"), Is.EqualTo(call.RootSpanId));
    }

    private IReadOnlyList<JsonObject> Spans()
    {
        _logger.Flush();
        return _exporter.MergedSpans();
    }
}
