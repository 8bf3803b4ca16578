using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>User values become JSON on the background shipper, and nothing about them can throw into the caller.</summary>
[TestFixture]
public sealed class SerializationTests
{
    private InMemorySpanExporter _exporter = null!;
    private BraintrustLogger? _logger;

    [SetUp]
    public void CreateExporter() => _exporter = new InMemorySpanExporter();

    [TearDown]
    public void DisposeLogger() => _logger?.Dispose();

    private JsonObject LogOne(object? input, Action<BraintrustOptions>? configure = null)
    {
        _logger = TestLoggers.InMemory(_exporter, configure);
        using (var span = _logger.StartSpan("value"))
        {
            Assert.DoesNotThrow(() => span.Log(input: input));
        }

        _logger.Flush();
        return _exporter.MergedSpans().Single();
    }

    [Test]
    public void A_stream_becomes_an_unserializable_marker()
    {
        using var stream = new MemoryStream([1, 2, 3]);
        var row = LogOne(stream);
        Assert.That(row.Str("input"), Is.EqualTo("[unserializable: System.IO.MemoryStream is a stream]"));
    }

    [Test]
    public void A_delegate_becomes_an_unserializable_marker()
    {
        Func<int> callback = () => 1;
        Assert.That(LogOne(callback).Str("input"), Does.StartWith("[unserializable: ").And.Contain("is a delegate"));
    }

    [Test]
    public void An_object_cycle_becomes_an_unserializable_marker_naming_the_cycle()
    {
        var node = new Node { Name = "a" };
        node.Next = node;
        Assert.That(LogOne(node).Str("input"), Is.EqualTo($"[unserializable: {typeof(Node).FullName} contains an object cycle]"));
    }

    [Test]
    public void A_stream_inside_an_object_is_marked_and_the_rest_is_kept()
    {
        using var stream = new MemoryStream();
        var row = LogOne(new { file = "report.pdf", content = stream });
        Assert.That(row["input"]!["file"]!.GetValue<string>(), Is.EqualTo("report.pdf"));
        Assert.That(row["input"]!["content"]!.GetValue<string>(), Does.StartWith("[unserializable:"));
    }

    [Test]
    public void A_property_that_throws_becomes_a_marker_with_the_reason()
    {
        var row = LogOne(new Exploding());
        Assert.That(row.Str("input"), Does.StartWith("[unserializable: ").And.Contain("getter failed"));
    }

    [Test]
    public void A_field_over_the_limit_is_truncated_with_a_marker()
    {
        var row = LogOne(new string('é', 3000), o => o.MaxFieldBytes = 1000);
        var text = row.Str("input");
        Assert.That(text, Does.StartWith("[truncated: 6000 bytes exceed the 1000-byte field limit] éé"));
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(1000));
    }

    [Test]
    public void An_object_over_the_limit_is_truncated_to_the_start_of_its_json()
    {
        var row = LogOne(Enumerable.Range(0, 1000).ToArray(), o => o.MaxFieldBytes = 200);
        Assert.That(row.Str("input"), Does.Match(@"^\[truncated: \d+ bytes exceed the 200-byte field limit\] \[0,1,2,3"));
    }

    [Test]
    public void The_users_serializer_options_are_used_for_their_values()
    {
        var row = LogOne(new Node { Name = "n" }, o => o.JsonSerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        Assert.That(row["input"]!["name"]!.GetValue<string>(), Is.EqualTo("n"));
    }

    [Test]
    public void Values_are_serialized_when_shipped_not_when_logged()
    {
        // The shipper only builds rows when the flush asks for them, so the mutation below surely comes first.
        _logger = TestLoggers.InMemory(_exporter, o => o.FlushInterval = TimeSpan.FromHours(1));
        var list = new List<int> { 1 };
        using (var span = _logger.StartSpan("by_reference"))
        {
            span.Log(output: list);
        }

        // Documented behaviour: the runtime keeps the reference; serialization happens later, off the caller's thread.
        list.Add(2);
        _logger.Flush();
        Assert.That(_exporter.MergedSpans().Single()["output"]!.ToJsonString(), Is.EqualTo("[1,2]"));
    }

    [Test]
    public void A_json_node_is_logged_as_is()
    {
        var row = LogOne(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(1, 2) });
        Assert.That(row["input"]!.ToJsonString(), Is.EqualTo("""{"role":"user","content":[1,2]}"""));
    }

    [Test]
    public void An_exception_logged_as_error_keeps_its_type_message_and_inner_exception()
    {
        _logger = TestLoggers.InMemory(_exporter);
        using (var span = _logger.StartSpan("failing"))
        {
            span.Log(error: new InvalidOperationException("outer", new FormatException("inner")));
        }

        _logger.Flush();
        var error = _exporter.MergedSpans().Single()["error"]!;
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("System.InvalidOperationException"));
        Assert.That(error["message"]!.GetValue<string>(), Is.EqualTo("outer"));
        Assert.That(error["inner_exception"]!["type"]!.GetValue<string>(), Is.EqualTo("System.FormatException"));
    }

    public sealed class Node
    {
        public string? Name { get; set; }

        public Node? Next { get; set; }
    }

    public sealed class Exploding
    {
        public int Value => throw new InvalidOperationException("getter failed");
    }
}
