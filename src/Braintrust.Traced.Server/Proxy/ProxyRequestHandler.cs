using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Proxy.Cache;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// One proxied call: admit (rate limit, size, validation) → cache lookup → one shared upstream call per identical
/// in-flight request → answer (live stream or replay) → optional llm span.
/// </summary>
internal sealed class ProxyRequestHandler(
    ProxyOptions options,
    IProxyCache cache,
    UpstreamForwarder forwarder,
    KeyRateLimiter rateLimiter,
    ProxyLogTargetResolver logTargets,
    ProxySpanLogger spanLogger,
    TimeProvider time,
    ILogger<ProxyRequestHandler> logger)
{
    private readonly SingleFlight<UpstreamResult> _inFlight = new();

    /// <summary>Requests currently being fetched upstream on behalf of one or more callers (for tests and diagnostics).</summary>
    public int InFlightCount => _inFlight.Count;

    public async Task HandlePostAsync(HttpContext context, ProxyRoute route)
    {
        try
        {
            await HandleAsync(context, route);
        }
        catch (ProxyError error) when (!context.Response.HasStarted)
        {
            await ProxyResponseWriter.WriteErrorAsync(context, error);
        }
    }

    public async Task HandleModelsAsync(HttpContext context)
    {
        try
        {
            var caller = context.Caller();
            rateLimiter.Admit(caller.KeyId);
            var (provider, apiKey, serverKey) = ResolveProvider(context, caller);
            var result = await forwarder.SendAsync(new UpstreamRequest(provider, apiKey, ProxyRoute.Models, HttpMethod.Get, null), null,
                context.RequestAborted);
            var response = result.IsSuccess ? result.Response : UpstreamErrorTranslator.Translate(result.Response, provider.Name, serverKey);
            await ProxyResponseWriter.WriteAsync(context, response, "MISS", result.RequestId, result.RetryAfter);
        }
        catch (ProxyError error) when (!context.Response.HasStarted)
        {
            await ProxyResponseWriter.WriteErrorAsync(context, error);
        }
    }

    private async Task HandleAsync(HttpContext context, ProxyRoute route)
    {
        var caller = context.Caller();
        rateLimiter.Admit(caller.KeyId);
        var bytes = await ReadBodyAsync(context.Request);
        var body = ParseBody(bytes);
        var directives = CacheDirectives.From(context.Request.Headers, body, options);
        var target = await logTargets.ResolveAsync(context.Request.Headers[ProxyHeaders.Parent].ToString(), caller, context.RequestAborted);
        var (provider, apiKey, serverKey) = ResolveProvider(context, caller);
        var upstream = new UpstreamRequest(provider, apiKey, route, HttpMethod.Post, bytes);
        var start = time.GetUtcNow();

        if (!directives.UseCache)
        {
            var direct = await forwarder.SendAsync(upstream, new StreamRelay(context), context.RequestAborted);
            await AnswerAsync(context, direct, shared: false, provider, serverKey);
            await LogAsync(target, route, provider, body, direct.Response, cached: false, start, caller);
            return;
        }

        var key = CacheKeyBuilder.Build(caller.OrgId, provider.Name, route.Path, serverKey is null ? apiKey : null, body);
        if (await TryGetCachedAsync(key, context.RequestAborted) is { } hit)
        {
            await ProxyResponseWriter.WriteAsync(context, hit, "HIT");
            await LogAsync(target, route, provider, body, hit, cached: true, start, caller);
            return;
        }
        var relay = new StreamRelay(context);
        var (result, shared) = await _inFlight.RunAsync(key, async () =>
        {
            // Not the caller's token: callers sharing this call must not lose it because the first one hung up.
            var fresh = await forwarder.SendAsync(upstream, relay, CancellationToken.None);
            if (fresh.IsSuccess && fresh.Complete)
            {
                await StoreAsync(key, caller.OrgId, fresh.Response, directives.Ttl);
            }
            return fresh;
        });
        await AnswerAsync(context, result, shared, provider, serverKey);
        await LogAsync(target, route, provider, body, result.Response, cached: shared, start, caller);
    }

    private async Task AnswerAsync(HttpContext context, UpstreamResult result, bool shared, ProviderEndpoint provider, string? serverKey)
    {
        if (result.RelayedLive && !shared)
        {
            return;
        }
        var response = result.IsSuccess ? result.Response : UpstreamErrorTranslator.Translate(result.Response, provider.Name, serverKey);
        await ProxyResponseWriter.WriteAsync(context, response, "MISS", result.RequestId, result.RetryAfter);
    }

    /// <summary>
    /// The caller's own key (<c>x-bt-provider-key</c>) wins; otherwise the org's or the server's configured key.
    /// Returns the server key separately so error answers can be scrubbed of it.
    /// </summary>
    private (ProviderEndpoint Provider, string? ApiKey, string? ServerKey) ResolveProvider(HttpContext context, CallerIdentity caller)
    {
        var name = context.Request.Headers[ProxyHeaders.Provider].ToString() is { Length: > 0 } requested ? requested : options.DefaultProvider;
        if (!options.Providers.ContainsKey(name))
        {
            throw ProxyError.InvalidRequest(ProxyHeaders.Provider,
                $"unknown provider '{name}'; configured: {string.Join(", ", options.Providers.Keys.Order(StringComparer.Ordinal))}");
        }
        var provider = options.ProviderFor(caller.OrgName, name);
        if (context.Request.Headers[ProxyHeaders.ProviderKey].ToString() is { Length: > 0 } own)
        {
            return (provider, own.Trim(), null);
        }
        return (provider, provider.ApiKey, provider.ApiKey);
    }

    private async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var limit = options.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProxyError TooLarge(long limit)
        => new(413, "invalid_request_error", "request_too_large",
            $"body: the request exceeds the proxy's limit of {limit} bytes (Proxy:MaxRequestBytes).", "body");

    private static JsonObject ParseBody(byte[] bytes)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw ProxyError.InvalidRequest("body", $"is not valid JSON ({e.Message})");
        }
        if (node is not JsonObject body)
        {
            throw ProxyError.InvalidRequest("body", "must be a JSON object");
        }
        if (body["model"] is not JsonValue model || model.GetValueKind() != JsonValueKind.String || model.GetValue<string>().Length == 0)
        {
            throw ProxyError.InvalidRequest("model", "is required (a model name string)");
        }
        return body;
    }

    /// <summary>A cache that cannot be read is a miss, not a failed call: the provider can still answer.</summary>
    private async Task<CachedResponse?> TryGetCachedAsync(string key, CancellationToken ct)
    {
        try
        {
            return await cache.GetAsync(key, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Proxy cache ({Cache}) read failed; answering from the provider", cache.Description);
            return null;
        }
    }

    private async Task StoreAsync(string key, string orgId, CachedResponse response, TimeSpan ttl)
    {
        try
        {
            await cache.SetAsync(key, orgId, response, ttl, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Proxy cache ({Cache}) write failed; the answer was relayed but not cached", cache.Description);
        }
    }

    private async Task LogAsync(ProxyLogTarget? target, ProxyRoute route, ProviderEndpoint provider, JsonObject body, CachedResponse response,
        bool cached, DateTimeOffset start, CallerIdentity caller)
    {
        if (target is not null)
        {
            var row = LlmSpanBuilder.Build(route, provider.Name, body, response, cached, target, start, time.GetUtcNow());
            await spanLogger.LogAsync(target, row, caller);
        }
    }
}
