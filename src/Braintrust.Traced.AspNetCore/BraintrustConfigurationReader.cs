using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Braintrust.Traced.AspNetCore;

/// <summary>
/// Reads the "Braintrust" configuration section into <see cref="BraintrustSettings"/>. Written out by hand rather than
/// with the configuration binder so that a typo (<c>ApiKy</c>) or a malformed value is an error naming the key, not a
/// setting silently ignored, and so that no reflection is needed (trimming, native AOT).
/// </summary>
public static class BraintrustConfigurationReader
{
    /// <summary>The configuration section read by default.</summary>
    public const string DefaultSectionName = "Braintrust";

    private static readonly string[] s_knownKeys =
    [
        "ProjectName", "ApiKey", "AppUrl", "ApiUrl", "OrgName", "ProjectId", "BatchSize", "MaxRetries", "QueueCapacity",
        "MaxFieldBytes", "MaxRecordedItems", "MaxBatchBytes", "FlushInterval", "InitialRetryDelay", "MaxRetryDelay",
        "RequestTimeout", "ShutdownTimeout", "EmitActivities",
    ];

    /// <summary>Reads <paramref name="section"/>; every key is optional except <c>ProjectName</c>.</summary>
    /// <exception cref="InvalidOperationException">A key is unknown, <c>ProjectName</c> is missing, or a value is malformed; the message names the key.</exception>
    public static BraintrustSettings Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (var child in section.GetChildren())
        {
            if (!s_knownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"{child.Path} is not a Braintrust setting. Known settings: {string.Join(", ", s_knownKeys)}.");
            }
        }

        var projectName = Text(section, "ProjectName")
            ?? throw new InvalidOperationException($"{section.Path}:ProjectName is required: the Braintrust project the spans go to.");
        var options = new BraintrustOptions
        {
            ApiKey = Text(section, "ApiKey"),
            AppUrl = Text(section, "AppUrl"),
            ApiUrl = Text(section, "ApiUrl"),
            OrgName = Text(section, "OrgName"),
            ProjectId = Text(section, "ProjectId"),
        };
        options.BatchSize = Number(section, "BatchSize") ?? options.BatchSize;
        options.MaxRetries = Number(section, "MaxRetries") ?? options.MaxRetries;
        options.QueueCapacity = Number(section, "QueueCapacity") ?? options.QueueCapacity;
        options.MaxFieldBytes = Number(section, "MaxFieldBytes") ?? options.MaxFieldBytes;
        options.MaxRecordedItems = Number(section, "MaxRecordedItems") ?? options.MaxRecordedItems;
        options.MaxBatchBytes = Number(section, "MaxBatchBytes") ?? options.MaxBatchBytes;
        options.FlushInterval = Duration(section, "FlushInterval") ?? options.FlushInterval;
        options.InitialRetryDelay = Duration(section, "InitialRetryDelay") ?? options.InitialRetryDelay;
        options.MaxRetryDelay = Duration(section, "MaxRetryDelay") ?? options.MaxRetryDelay;
        options.RequestTimeout = Duration(section, "RequestTimeout") ?? options.RequestTimeout;
        options.ShutdownTimeout = Duration(section, "ShutdownTimeout") ?? options.ShutdownTimeout;
        options.EmitActivities = Flag(section, "EmitActivities") ?? options.EmitActivities;
        return new BraintrustSettings(projectName, options);
    }

    private static string? Text(IConfigurationSection section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int? Number(IConfigurationSection section, string key)
    {
        var text = Text(section, key);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{section.Path}:{key} must be a whole number, not \"{text}\".");
    }

    private static bool? Flag(IConfigurationSection section, string key)
    {
        var text = Text(section, key);
        if (text is null)
        {
            return null;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw new InvalidOperationException($"{section.Path}:{key} must be true or false, not \"{text}\".");
    }

    private static TimeSpan? Duration(IConfigurationSection section, string key)
    {
        var text = Text(section, key);
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{section.Path}:{key} must be a duration such as 00:00:05 (hh:mm:ss), not \"{text}\".");
    }
}
