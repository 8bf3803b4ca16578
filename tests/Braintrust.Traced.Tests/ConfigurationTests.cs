using Braintrust.Traced.Runtime;
using Braintrust.Traced.Tests.Infrastructure;

namespace Braintrust.Traced.Tests;

/// <summary>Environment variables, options validation and bad arguments.</summary>
[TestFixture]
public sealed class ConfigurationTests
{
    [Test]
    public void The_official_environment_variables_fill_the_options()
    {
        var environment = new Dictionary<string, string>
        {
            ["BRAINTRUST_API_KEY"] = "  sk-env  ",
            ["BRAINTRUST_APP_URL"] = "http://app.local",
            ["BRAINTRUST_API_URL"] = "http://api.local",
            ["BRAINTRUST_ORG_NAME"] = "acme",
            ["BRAINTRUST_DEFAULT_BATCH_SIZE"] = "25",
            ["BRAINTRUST_NUM_RETRIES"] = "0",
            ["BRAINTRUST_QUEUE_DROP_EXCEEDING_MAXSIZE"] = "500",
            ["BRAINTRUST_DEFAULT_PROJECT_NAME"] = "from-env",
        };
        var options = EnvironmentSettings.Read(environment.GetValueOrDefault);

        Assert.Multiple(() =>
        {
            Assert.That(options.ApiKey, Is.EqualTo("sk-env"));
            Assert.That(options.AppUrl, Is.EqualTo("http://app.local"));
            Assert.That(options.ApiUrl, Is.EqualTo("http://api.local"));
            Assert.That(options.OrgName, Is.EqualTo("acme"));
            Assert.That(options.BatchSize, Is.EqualTo(25));
            Assert.That(options.MaxRetries, Is.Zero);
            Assert.That(options.QueueCapacity, Is.EqualTo(500));
            Assert.That(EnvironmentSettings.ProjectName(environment.GetValueOrDefault), Is.EqualTo("from-env"));
            Assert.That(EnvironmentSettings.ProjectName(_ => null), Is.EqualTo("Global"));
        });
    }

    [Test]
    public void A_malformed_numeric_variable_is_rejected_by_name()
    {
        var exception = Assert.Throws<ArgumentException>(() => EnvironmentSettings.Read(name => name == "BRAINTRUST_NUM_RETRIES" ? "many" : null));
        Assert.That(exception!.Message, Does.Contain("BRAINTRUST_NUM_RETRIES").And.Contain("many"));
    }

    [Test]
    public void Options_in_code_win_over_the_environment()
    {
        var options = new BraintrustOptions { ApiKey = "sk-code" };
        EnvironmentSettings.FillConnectionDefaults(options, name => name == "BRAINTRUST_API_KEY" ? "sk-env" : name == "BRAINTRUST_APP_URL" ? "http://env" : null);
        Assert.That(options.ApiKey, Is.EqualTo("sk-code"));
        Assert.That(options.AppUrl, Is.EqualTo("http://env"));
    }

    [TestCase(nameof(BraintrustOptions.BatchSize))]
    [TestCase(nameof(BraintrustOptions.QueueCapacity))]
    [TestCase(nameof(BraintrustOptions.MaxFieldBytes))]
    public void An_invalid_option_is_rejected_by_name(string name)
    {
        var options = new BraintrustOptions { Exporter = new InMemorySpanExporter() };
        typeof(BraintrustOptions).GetProperty(name)!.SetValue(options, 0);
        var exception = Assert.Throws<ArgumentException>(() => BraintrustLogger.Init("p", options));
        Assert.That(exception!.ParamName, Is.EqualTo(name));
        Assert.That(exception.Message, Does.Contain($"BraintrustOptions.{name}"));
    }

    [Test]
    public void A_relative_app_url_is_rejected_by_name()
    {
        var exception = Assert.Throws<ArgumentException>(() => BraintrustLogger.Init("p", new BraintrustOptions { ApiKey = "k", AppUrl = "braintrust.local" }));
        Assert.That(exception!.ParamName, Is.EqualTo("AppUrl"));
    }

    [Test]
    public void A_malformed_api_key_is_rejected_without_echoing_it()
    {
        var exception = Assert.Throws<ArgumentException>(() => BraintrustLogger.Init("p", new BraintrustOptions { ApiKey = "sk-secret\nvalue" }));
        Assert.That(exception!.ParamName, Is.EqualTo("ApiKey"));
        Assert.That(exception.Message, Does.Not.Contain("sk-secret"));
    }

    [Test]
    public void An_empty_project_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => BraintrustLogger.Init(" ", new BraintrustOptions { Exporter = new InMemorySpanExporter() }));
    }

    [Test]
    public void Without_an_api_key_or_exporter_nothing_is_recorded()
    {
        var previous = Environment.GetEnvironmentVariable("BRAINTRUST_API_KEY");
        Environment.SetEnvironmentVariable("BRAINTRUST_API_KEY", null);
        try
        {
            using var logger = BraintrustLogger.Init("no-key");
            Assert.That(logger.IsEnabled, Is.False);
            Assert.That(TracedCalls.IsEnabled, Is.False);
            Assert.That(TracedCalls.Begin(HandTraced.AddMethod).Span, Is.Null);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BRAINTRUST_API_KEY", previous);
        }
    }

    [Test]
    public void LogFeedback_needs_something_to_record()
    {
        using var logger = TestLoggers.InMemory(new InMemorySpanExporter());
        Assert.Throws<ArgumentException>(() => logger.LogFeedback("abc"));
        Assert.Throws<ArgumentException>(() => logger.LogFeedback("", comment: "x"));
    }

    [Test]
    public void Init_makes_the_logger_current_and_Dispose_clears_it()
    {
        var logger = TestLoggers.InMemory(new InMemorySpanExporter());
        Assert.That(BraintrustLogger.Current, Is.SameAs(logger));
        Assert.That(TracedCalls.IsEnabled, Is.True);
        logger.Dispose();
        Assert.That(BraintrustLogger.Current, Is.Null);
        Assert.That(TracedCalls.IsEnabled, Is.False);
    }
}
