using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.AspNetCore;

/// <summary>Registers a <see cref="BraintrustLogger"/> in dependency injection.</summary>
public static class BraintrustServiceCollectionExtensions
{
    /// <summary>
    /// Adds the logger configured from the <c>Braintrust</c> section of <paramref name="configuration"/>
    /// (<c>ProjectName</c> is required; see docs/aspnetcore.md for every key). Connection settings absent there come
    /// from <c>BRAINTRUST_API_KEY</c>, <c>BRAINTRUST_APP_URL</c>… as in <see cref="BraintrustLogger.Init"/>.
    /// <paramref name="configure"/> runs last, for what configuration cannot express (an exporter, a handler).
    /// </summary>
    /// <exception cref="InvalidOperationException">The section is missing <c>ProjectName</c>, has an unknown key or a malformed value.</exception>
    public static IServiceCollection AddBraintrustTraced(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<BraintrustOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Read now, not when the logger is first resolved: a configuration mistake stops the app at startup.
        var settings = BraintrustConfigurationReader.Read(configuration.GetSection(BraintrustConfigurationReader.DefaultSectionName));
        configure?.Invoke(settings.Options);
        return services.AddBraintrustTraced(settings);
    }

    /// <summary>Adds the logger for <paramref name="projectName"/> with options set in code.</summary>
    public static IServiceCollection AddBraintrustTraced(
        this IServiceCollection services,
        string projectName,
        Action<BraintrustOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        var options = new BraintrustOptions();
        configure?.Invoke(options);
        return services.AddBraintrustTraced(new BraintrustSettings(projectName, options));
    }

    private static IServiceCollection AddBraintrustTraced(this IServiceCollection services, BraintrustSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        settings.Options.Validate();
        if (services.Any(service => service.ServiceType == typeof(BraintrustLogger)))
        {
            // A second call would silently lose its settings: one app, one logger.
            throw new InvalidOperationException("AddBraintrustTraced was already called: an app has one Braintrust logger.");
        }

        services.AddSingleton(provider =>
        {
            // The runtime's warnings (dropped rows, rejected batches) go to the app's own logging unless set explicitly.
            settings.Options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            return BraintrustLogger.Init(settings.ProjectName, settings.Options);
        });
        services.AddHostedService<BraintrustLoggerLifetime>();
        return services;
    }
}
