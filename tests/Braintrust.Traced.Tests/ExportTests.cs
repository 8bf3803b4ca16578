using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary><see cref="Span.Export"/> strings: the official SDKs' encoding, round trips, and clear errors for anything else.</summary>
[TestFixture]
public sealed class ExportTests
{
    // Made by the official Python SDK (SpanComponentsV4, project logs, object_id "test-project-id", row_id "test-row-id",
    // span_id "1234567890abcdef", root_span_id "a1b2c3d4e5f6789012345678abcdef01"); the TypeScript SDK's tests pin the same string.
    private const string OfficialSdkExport =
        "BAICAxI0VniQq83vBKGyw9Tl9niQEjRWeKvN7wF7Im9iamVjdF9pZCI6InRlc3QtcHJvamVjdC1pZCIsInJvd19pZCI6InRlc3Qtcm93LWlkIn0=";

    private BraintrustLogger _logger = null!;

    [SetUp]
    public void InitLogger() => _logger = TestLoggers.InMemory(new InMemorySpanExporter());

    [TearDown]
    public void DisposeLogger() => _logger.Dispose();

    [Test]
    public void A_span_exported_by_the_official_sdks_is_read()
    {
        var parent = ParentReference.Parse(OfficialSdkExport, "parent");
        Assert.That(parent, Is.EqualTo(new ParentReference(null, "test-project-id", "test-row-id", "1234567890abcdef", "a1b2c3d4e5f6789012345678abcdef01")));
    }

    [Test]
    public void The_export_is_byte_for_byte_what_the_official_sdks_write()
    {
        var exported = new ParentReference(null, "test-project-id", "test-row-id", "1234567890abcdef", "a1b2c3d4e5f6789012345678abcdef01").Export();
        Assert.That(exported, Is.EqualTo(OfficialSdkExport));
    }

    [Test]
    public void An_export_round_trips_to_the_same_span_trace_and_project()
    {
        using var span = _logger.StartSpan("origin");
        var parsed = ParentReference.Parse(span.Export(), "parent");
        Assert.That(parsed, Is.EqualTo(new ParentReference("in-memory", null, span.Id, span.SpanId, span.RootSpanId)));
    }

    [Test]
    public void A_child_of_a_span_exported_by_the_official_sdks_joins_its_trace()
    {
        using var child = _logger.StartSpan("child", parent: OfficialSdkExport);
        using var grandchild = child.StartSpan("grandchild");
        Assert.That(child.RootSpanId, Is.EqualTo("a1b2c3d4e5f6789012345678abcdef01"));
        Assert.That(grandchild.RootSpanId, Is.EqualTo(child.RootSpanId));
    }

    [Test]
    public void Ids_that_are_not_hex_travel_in_the_json_part()
    {
        var foreign = new ParentReference("p", null, "row-1", "legacy-span", "b8d6c5d0-2f8e-4a4c-9d55-6c1b1d1e0f00");
        Assert.That(ParentReference.Parse(foreign.Export(), "parent"), Is.EqualTo(foreign));
    }

    [Test]
    public void The_url_safe_alphabet_without_padding_is_accepted()
    {
        var urlSafe = OfficialSdkExport.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.That(ParentReference.Parse(urlSafe, "parent").SpanId, Is.EqualTo("1234567890abcdef"));
    }

    [TestCase("", "not base64", TestName = "Empty string")]
    [TestCase("not a span!", "not base64", TestName = "Not base64")]
    [TestCase("AQI=", "too short", TestName = "Too short")]
    [TestCase("AQIAe30=", "encoding version 1", TestName = "Old encoding version")]
    [TestCase("BAEAe30=", "an experiment", TestName = "An experiment span")]
    [TestCase("BAIAe30=", "names no span", TestName = "No span ids")]
    [TestCase("BAIBAxI0", "cut short", TestName = "Truncated binary id")]
    [TestCase("BAIAe3g=", "JSON part is malformed", TestName = "Broken JSON")]
    public void Garbage_is_rejected_with_an_argument_exception_naming_the_parent_and_the_reason(string exported, string reason)
    {
        var exception = Assert.Throws<ArgumentException>(() => _logger.StartSpan("child", parent: exported));
        Assert.That(exception!.ParamName, Is.EqualTo("parent"));
        Assert.That(exception.Message, Does.Contain("Span.Export()").And.Contain(reason));
    }
}
