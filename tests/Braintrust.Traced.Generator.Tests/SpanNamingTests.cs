using System.Text.RegularExpressions;
using Braintrust.Traced.Generator.Tests.Infrastructure;

namespace Braintrust.Traced.Generator.Tests;

/// <summary>The span name written into the generated code: explicit name, naming policy, Async suffix, per-file overrides.</summary>
public sealed partial class SpanNamingTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Braintrust.Traced;

        namespace Demo;

        public partial class Classifier
        {
            [Traced]
            public partial Task<int> ClassifyTextAsync(string text);

            [Traced]
            public partial int ParseHTTPRequest(string raw);

            [Traced("explicit name")]
            public partial int ScoreAsync(string text);

            private Task<int> ClassifyTextAsyncCore(string text) => Task.FromResult(1);

            private int ParseHTTPRequestCore(string raw) => 2;

            private int ScoreAsyncCore(string text) => 3;
        }
        """;

    [Test]
    public void MethodNameIsTheDefaultAndDropsTheAsyncSuffix() =>
        Assert.That(SpanNames(), Is.EqualTo(new[] { "ClassifyText", "ParseHTTPRequest", "explicit name" }));

    [Test]
    public void TypeAndMethodPolicyPrefixesTheContainingType() =>
        Assert.That(
            SpanNames(("build_property.BraintrustTracedNamingPolicy", "TypeAndMethod")),
            Is.EqualTo(new[] { "Classifier.ClassifyText", "Classifier.ParseHTTPRequest", "explicit name" }));

    [Test]
    public void SnakeCasePolicyKeepsAcronymsTogether() =>
        Assert.That(
            SpanNames(("build_property.BraintrustTracedNamingPolicy", "SnakeCase")),
            Is.EqualTo(new[] { "classify_text", "parse_http_request", "explicit name" }));

    [Test]
    public void PolicyValuesAreReadCaseInsensitivelyWithSeparators() =>
        Assert.That(
            SpanNames(("build_property.BraintrustTracedNamingPolicy", "snake_case")),
            Is.EqualTo(new[] { "classify_text", "parse_http_request", "explicit name" }));

    [Test]
    public void KeepAsyncSuffixKeepsTheMethodNameWhole() =>
        Assert.That(
            SpanNames(("build_property.BraintrustTracedKeepAsyncSuffix", "true")),
            Is.EqualTo(new[] { "ClassifyTextAsync", "ParseHTTPRequest", "explicit name" }));

    [Test]
    public void EditorConfigKeysWorkInAGlobalConfigToo() =>
        Assert.That(
            SpanNames(("braintrust_traced_naming_policy", "type_and_method"), ("braintrust_traced_keep_async_suffix", "true")),
            Is.EqualTo(new[] { "Classifier.ClassifyTextAsync", "Classifier.ParseHTTPRequest", "explicit name" }));

    [Test]
    public void AnUnknownPolicyFallsBackToTheMethodName() =>
        Assert.That(
            SpanNames(("build_property.BraintrustTracedNamingPolicy", "Shouting")),
            Is.EqualTo(new[] { "ClassifyText", "ParseHTTPRequest", "explicit name" }));

    [Test]
    public void EditorConfigSectionOverridesTheProjectForItsFile()
    {
        var options = new TestAnalyzerConfigOptionsProvider(
            new Dictionary<string, string> { ["build_property.BraintrustTracedNamingPolicy"] = "TypeAndMethod" },
            new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["/src/Snake.cs"] = new Dictionary<string, string>
                {
                    ["braintrust_traced_naming_policy"] = "snake_case",
                    ["braintrust_traced_keep_async_suffix"] = "true",
                },
            });
        var run = GeneratorRunner.Run(
            new[]
            {
                ("/src/Snake.cs", "namespace Demo; public partial class Snake { [Braintrust.Traced.Traced] public partial System.Threading.Tasks.Task RunFastAsync(); private System.Threading.Tasks.Task RunFastAsyncCore() => System.Threading.Tasks.Task.CompletedTask; }"),
                ("/src/Camel.cs", "namespace Demo; public partial class Camel { [Braintrust.Traced.Traced] public partial System.Threading.Tasks.Task RunFastAsync(); private System.Threading.Tasks.Task RunFastAsyncCore() => System.Threading.Tasks.Task.CompletedTask; }"),
            },
            options);

        Assert.That(SpanNames(run), Is.EqualTo(new[] { "Camel.RunFast", "run_fast_async" }));
    }

    [TestCase("ClassifyText", "classify_text")]
    [TestCase("ParseHTTPRequest", "parse_http_request")]
    [TestCase("GetV2Model", "get_v2_model")]
    [TestCase("IO", "io")]
    [TestCase("already_snake", "already_snake")]
    [TestCase("Get_Value", "get_value")]
    public void SnakeCaseConversion(string methodName, string expected) =>
        Assert.That(Naming.SpanNamer.ToSnakeCase(methodName), Is.EqualTo(expected));

    private static string[] SpanNames(params (string Key, string Value)[] globalOptions)
    {
        var options = new TestAnalyzerConfigOptionsProvider(
            globalOptions.ToDictionary(o => o.Key, o => o.Value),
            new Dictionary<string, IReadOnlyDictionary<string, string>>());
        return SpanNames(GeneratorRunner.RunAndCompile(Source, options));
    }

    private static string[] SpanNames(GeneratorRun run) =>
        run.GeneratedSources
            .SelectMany(file => SpanNamePattern().Matches(file.Value).Select(m => m.Groups[1].Value))
            .ToArray();

    [GeneratedRegex("spanName: \"([^\"]*)\"")]
    private static partial Regex SpanNamePattern();
}
