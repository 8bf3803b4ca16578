using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// The <c>Proxy</c> configuration section: upstream providers (server-wide and per org), the cache backend, limits.
/// Every invalid value fails the start with a message naming the setting.
/// </summary>
public sealed record ProxyOptions(
    string DefaultProvider,
    IReadOnlyDictionary<string, ProviderEndpoint> Providers,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ProviderEndpoint>> OrgProviders,
    string? RedisEndpoint,
    string? RedisPassword,
    TimeSpan DefaultCacheTtl,
    TimeSpan MaxCacheTtl,
    long CacheMemoryBytes,
    long MaxRequestBytes,
    int RequestsPerMinutePerKey,
    TimeSpan UpstreamTimeout)
{
    public const string Section = "Proxy";
    public const string OpenAi = "openai";
    public static readonly Uri OpenAiBaseUrl = new("https://api.openai.com/v1/");

    public static ProxyOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var providers = ReadProviders(section.GetSection("Providers"), "Proxy:Providers");
        if (!providers.ContainsKey(OpenAi))
        {
            // OpenAI is always known; without a configured key callers must bring their own (x-bt-provider-key).
            providers[OpenAi] = new ProviderEndpoint(OpenAi, OpenAiBaseUrl, null);
        }
        var orgs = new Dictionary<string, IReadOnlyDictionary<string, ProviderEndpoint>>(StringComparer.Ordinal);
        foreach (var org in section.GetSection("Orgs").GetChildren())
        {
            orgs[org.Key] = ReadProviders(org.GetSection("Providers"), $"Proxy:Orgs:{org.Key}:Providers");
        }
        var defaultProvider = section["DefaultProvider"] is { Length: > 0 } name ? name : OpenAi;
        if (!providers.ContainsKey(defaultProvider))
        {
            throw new InvalidOperationException($"Proxy:DefaultProvider names '{defaultProvider}', which is not under Proxy:Providers.");
        }
        var defaultTtl = TimeSpan.FromSeconds(Number(section, "Cache:DefaultTtlSeconds", 7 * 24 * 3600, 1));
        var maxTtl = TimeSpan.FromSeconds(Number(section, "Cache:MaxTtlSeconds", 30 * 24 * 3600, 1));
        return new ProxyOptions(
            defaultProvider,
            providers,
            orgs,
            section["Cache:Redis"] is { Length: > 0 } redis ? redis : null,
            section["Cache:RedisPassword"] is { Length: > 0 } password ? password : null,
            defaultTtl < maxTtl ? defaultTtl : maxTtl,
            maxTtl,
            Number(section, "Cache:MemoryBytes", 64 * 1024 * 1024, 0),
            Number(section, "MaxRequestBytes", 8 * 1024 * 1024, 1024),
            (int)Number(section, "RateLimit:RequestsPerMinute", 0, 0),
            TimeSpan.FromSeconds(Number(section, "UpstreamTimeoutSeconds", 600, 1)));
    }

    /// <summary>The provider an org's requests go to: the org's own entry wins over the server-wide one.</summary>
    public ProviderEndpoint ProviderFor(string orgName, string provider)
        => OrgProviders.TryGetValue(orgName, out var own) && own.TryGetValue(provider, out var endpoint)
            ? endpoint
            : Providers[provider];

    private static Dictionary<string, ProviderEndpoint> ReadProviders(IConfigurationSection section, string path)
    {
        var providers = new Dictionary<string, ProviderEndpoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in section.GetChildren())
        {
            var baseText = provider["BaseUrl"];
            Uri baseUrl;
            if (string.IsNullOrEmpty(baseText))
            {
                baseUrl = provider.Key.Equals(OpenAi, StringComparison.OrdinalIgnoreCase)
                    ? OpenAiBaseUrl
                    : throw new InvalidOperationException($"{path}:{provider.Key}:BaseUrl is required.");
            }
            else if (!Uri.TryCreate(baseText.EndsWith('/') ? baseText : baseText + "/", UriKind.Absolute, out baseUrl!)
                     || baseUrl.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{path}:{provider.Key}:BaseUrl must be an absolute http(s) URL (was '{baseText}').");
            }
            providers[provider.Key] = new ProviderEndpoint(provider.Key.ToLowerInvariant(), baseUrl,
                provider["ApiKey"] is { Length: > 0 } key ? key : null);
        }
        return providers;
    }

    private static long Number(IConfigurationSection section, string name, long fallback, long minimum)
    {
        if (section[name] is not { Length: > 0 } text)
        {
            return fallback;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new InvalidOperationException($"Proxy:{name} must be a whole number, at least {minimum} (was '{text}').");
    }
}
