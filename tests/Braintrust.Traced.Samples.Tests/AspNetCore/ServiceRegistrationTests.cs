using Braintrust.Traced.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Braintrust.Traced.Samples.Tests.AspNetCore;

/// <summary>AddBraintrustTraced: configuration binding, its errors, and the logger in DI.</summary>
public sealed class ServiceRegistrationTests
{
    [Test]
    public async Task The_Braintrust_section_configures_the_logger_in_DI_which_becomes_current()
    {
        var configuration = Configuration(new()
        {
            ["Braintrust:ProjectName"] = "from-config",
            ["Braintrust:ApiKey"] = "config-key-0123456789",
            ["Braintrust:AppUrl"] = "http://127.0.0.1:9",
            ["Braintrust:BatchSize"] = "7",
            ["Braintrust:FlushInterval"] = "00:00:02",
            ["Braintrust:EmitActivities"] = "true",
        });
        var settings = BraintrustConfigurationReader.Read(configuration.GetSection("Braintrust"));
        Assert.Multiple(() =>
        {
            Assert.That(settings.ProjectName, Is.EqualTo("from-config"));
            Assert.That(settings.Options.ApiKey, Is.EqualTo("config-key-0123456789"));
            Assert.That(settings.Options.AppUrl, Is.EqualTo("http://127.0.0.1:9"));
            Assert.That(settings.Options.BatchSize, Is.EqualTo(7));
            Assert.That(settings.Options.FlushInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(settings.Options.EmitActivities, Is.True);
        });

        var exporter = new InMemorySpanExporter();
        var services = new ServiceCollection().AddLogging().AddBraintrustTraced(configuration, options => options.Exporter = exporter);
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<BraintrustLogger>();
        Assert.That(logger.ProjectName, Is.EqualTo("from-config"));
        Assert.That(BraintrustLogger.Current, Is.SameAs(logger), "[Traced] methods record to the DI logger");
        Assert.That(provider.GetRequiredService<BraintrustLogger>(), Is.SameAs(logger), "one logger per app");
    }

    [TestCase("Braintrust:ApiKy", "x", "Braintrust:ApiKy is not a Braintrust setting")]
    [TestCase("Braintrust:BatchSize", "many", "Braintrust:BatchSize must be a whole number, not \"many\"")]
    [TestCase("Braintrust:ShutdownTimeout", "10 seconds", "Braintrust:ShutdownTimeout must be a duration")]
    public void A_mistake_in_the_section_stops_startup_with_the_key_named(string key, string value, string message)
    {
        var configuration = Configuration(new() { ["Braintrust:ProjectName"] = "p", [key] = value });

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddBraintrustTraced(configuration));

        Assert.That(error.Message, Does.StartWith(message));
    }

    [Test]
    public void A_missing_project_name_is_named()
    {
        var configuration = Configuration(new() { ["Braintrust:AppUrl"] = "http://127.0.0.1:9" });

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddBraintrustTraced(configuration));

        Assert.That(error.Message, Does.StartWith("Braintrust:ProjectName is required"));
    }

    [Test]
    public void An_out_of_range_value_is_rejected_at_registration_naming_the_option()
    {
        var configuration = Configuration(new() { ["Braintrust:ProjectName"] = "p", ["Braintrust:BatchSize"] = "0" });

        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddBraintrustTraced(configuration));

        Assert.That(error.Message, Does.Contain("BatchSize"));
    }

    [Test]
    public void A_switch_that_is_not_true_or_false_is_named()
    {
        var configuration = Configuration(new() { ["Braintrust:ProjectName"] = "p", ["Braintrust:EmitActivities"] = "yes" });

        var error = Assert.Throws<InvalidOperationException>(() => BraintrustConfigurationReader.Read(configuration.GetSection("Braintrust")));

        Assert.That(error.Message, Is.EqualTo("Braintrust:EmitActivities must be true or false, not \"yes\"."));
    }

    [Test]
    public void A_second_registration_is_refused_rather_than_silently_ignored()
    {
        var services = new ServiceCollection().AddBraintrustTraced("first");

        var error = Assert.Throws<InvalidOperationException>(() => services.AddBraintrustTraced("second"));

        Assert.That(error.Message, Does.Contain("already called"));
    }

    [Test]
    public void Request_spans_without_AddBraintrustTraced_say_what_is_missing()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseBraintrustRequestSpans());

        Assert.That(error.Message, Does.Contain("AddBraintrustTraced"));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
