using System.Globalization;

namespace Braintrust.Traced;

/// <summary>The official SDKs' environment variables, and how they map onto <see cref="BraintrustOptions"/>.</summary>
internal static class EnvironmentSettings
{
    public const string ApiKey = "BRAINTRUST_API_KEY";
    public const string AppUrl = "BRAINTRUST_APP_URL";
    public const string ApiUrl = "BRAINTRUST_API_URL";
    public const string OrgName = "BRAINTRUST_ORG_NAME";
    public const string DefaultProjectName = "BRAINTRUST_DEFAULT_PROJECT_NAME";
    public const string BatchSize = "BRAINTRUST_DEFAULT_BATCH_SIZE";
    public const string NumRetries = "BRAINTRUST_NUM_RETRIES";
    public const string QueueSize = "BRAINTRUST_QUEUE_DROP_EXCEEDING_MAXSIZE";

    /// <summary>The project a logger configured only from the environment logs to, as the official SDKs default it.</summary>
    public const string FallbackProjectName = "Global";

    public static BraintrustOptions Read(Func<string, string?> variable)
    {
        var options = new BraintrustOptions
        {
            ApiKey = NonEmpty(variable(ApiKey))?.Trim(),
            AppUrl = NonEmpty(variable(AppUrl)),
            ApiUrl = NonEmpty(variable(ApiUrl)),
            OrgName = NonEmpty(variable(OrgName)),
        };
        options.BatchSize = Number(variable, BatchSize, minimum: 1) ?? options.BatchSize;
        options.MaxRetries = Number(variable, NumRetries, minimum: 0) ?? options.MaxRetries;
        options.QueueCapacity = Number(variable, QueueSize, minimum: 1) ?? options.QueueCapacity;
        return options;
    }

    /// <summary>Fills the connection settings a caller left unset from the environment.</summary>
    public static void FillConnectionDefaults(BraintrustOptions options, Func<string, string?> variable)
    {
        options.ApiKey ??= NonEmpty(variable(ApiKey))?.Trim();
        options.AppUrl ??= NonEmpty(variable(AppUrl));
        options.ApiUrl ??= NonEmpty(variable(ApiUrl));
        options.OrgName ??= NonEmpty(variable(OrgName));
    }

    public static string ProjectName(Func<string, string?> variable) => NonEmpty(variable(DefaultProjectName)) ?? FallbackProjectName;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int? Number(Func<string, string?> variable, string name, int minimum)
    {
        var text = NonEmpty(variable(name));
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new ArgumentException($"The environment variable {name} must be a whole number of at least {minimum}, not \"{text}\".", name);
        }

        return value;
    }
}
