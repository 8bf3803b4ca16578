using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>Whether (and for how long) one request's response may be cached, from its headers and body.</summary>
internal sealed record CacheDirectives(bool UseCache, TimeSpan Ttl)
{
    public static CacheDirectives From(IHeaderDictionary headers, JsonObject body, ProxyOptions options)
    {
        var mode = ParseMode(headers[ProxyHeaders.UseCache].ToString());
        var ttl = options.DefaultCacheTtl;
        if (headers[ProxyHeaders.CacheTtl].ToString() is { Length: > 0 } ttlText)
        {
            if (!long.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                throw ProxyError.InvalidRequest(ProxyHeaders.CacheTtl, $"must be a whole number of seconds, at least 1 (was '{ttlText}')");
            }
            ttl = TimeSpan.FromSeconds(Math.Min(seconds, (long)options.MaxCacheTtl.TotalSeconds));
        }
        var use = mode switch
        {
            CacheMode.Always => true,
            CacheMode.Never => false,
            _ => IsDeterministic(body),
        };
        return new CacheDirectives(use, ttl);
    }

    private static CacheMode ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "auto" => CacheMode.Auto,
        "always" => CacheMode.Always,
        "never" => CacheMode.Never,
        _ => throw ProxyError.InvalidRequest(ProxyHeaders.UseCache, $"must be auto, always or never (was '{text}')"),
    };

    /// <summary>
    /// A seed asks the provider for a reproducible answer and temperature 0 for the likeliest one: replaying a stored
    /// answer is then what the caller asked for. Without either (OpenAI's default temperature is 1) a fresh sample is.
    /// Embeddings are deterministic by nature.
    /// </summary>
    private static bool IsDeterministic(JsonObject body)
    {
        if (body["seed"] is { } seed && seed.GetValueKind() == JsonValueKind.Number)
        {
            return true;
        }
        if (body["temperature"] is { } temperature && temperature.GetValueKind() == JsonValueKind.Number)
        {
            return temperature.GetValue<double>() == 0;
        }
        return body["messages"] is null && body["prompt"] is null && body["input"] is not null;
    }
}
