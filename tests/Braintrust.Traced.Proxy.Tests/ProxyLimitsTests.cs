using System.Text.Json.Nodes;
using Braintrust.Traced.Proxy.Tests.Infrastructure;

namespace Braintrust.Traced.Proxy.Tests;

/// <summary>Per-key rate limits, provider selection and the caller's own provider key.</summary>
public sealed class ProxyLimitsTests
{
    private static JsonObject Chat() => new()
    {
        ["model"] = "gpt-4o-mini",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi " + Guid.NewGuid() }),
    };

    [Test]
    public async Task AKeyOverItsRateLimitGets429WithRetryAfterWhileAnotherKeyIsServed()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await ProxyTestServer.StartAsync(upstream.BaseUrl, "Proxy:RateLimit:RequestsPerMinute=2");

        using var first = await server.PostAsync("chat/completions", Chat());
        using var second = await server.PostAsync("chat/completions", Chat());
        using var third = await server.PostAsync("chat/completions", Chat());
        var (otherClient, _) = await server.CreateOrgAsync("other-org");
        using var otherKey = await ProxyTestServer.PostAsync(otherClient, "chat/completions", Chat());

        Assert.That((int)second.StatusCode, Is.EqualTo(200));
        Assert.That((int)third.StatusCode, Is.EqualTo(429));
        Assert.That(third.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        Assert.That(await third.Content.ReadAsStringAsync(), Does.Contain("rate_limit_exceeded"));
        Assert.That((int)otherKey.StatusCode, Is.EqualTo(200));
        Assert.That(upstream.Calls, Is.EqualTo(3));
    }

    [Test]
    public async Task TheCallersOwnProviderKeyIsForwardedInsteadOfTheServers()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await ProxyTestServer.StartAsync(upstream.BaseUrl);

        using var withServerKey = await server.PostAsync("chat/completions", Chat());
        using var withOwnKey = await server.PostAsync("chat/completions", Chat(), ("x-bt-provider-key", "sk-callers-own-key"));

        Assert.That(upstream.AuthorizationHeaders, Is.EqualTo(new[] { $"Bearer {ProxyTestServer.UpstreamKey}", "Bearer sk-callers-own-key" }));
    }

    [Test]
    public async Task CallersWithDifferentOwnKeysDoNotShareCacheEntries()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await ProxyTestServer.StartAsync(upstream.BaseUrl);
        var body = Chat();
        body["seed"] = 1;

        using var a = await server.PostAsync("chat/completions", body, ("x-bt-provider-key", "sk-key-a"));
        using var b = await server.PostAsync("chat/completions", body, ("x-bt-provider-key", "sk-key-b"));
        using var a2 = await server.PostAsync("chat/completions", body, ("x-bt-provider-key", "sk-key-a"));

        Assert.That(b.Headers.GetValues("x-bt-cached").Single(), Is.EqualTo("MISS"));
        Assert.That(a2.Headers.GetValues("x-bt-cached").Single(), Is.EqualTo("HIT"));
        Assert.That(upstream.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task AnOrgsOwnProviderSettingsWinOverTheServersDefault()
    {
        await using var defaultUpstream = await FakeUpstream.StartAsync();
        await using var orgUpstream = await FakeUpstream.StartAsync();
        await using var server = await ProxyTestServer.StartAsync(defaultUpstream.BaseUrl,
            $"Proxy:Orgs:org-a:Providers:openai:BaseUrl={orgUpstream.BaseUrl}",
            "Proxy:Orgs:org-a:Providers:openai:ApiKey=sk-org-a-key");

        using var response = await server.PostAsync("chat/completions", Chat());

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(defaultUpstream.Calls, Is.EqualTo(0));
        Assert.That(orgUpstream.AuthorizationHeaders, Is.EqualTo(new[] { "Bearer sk-org-a-key" }));
    }

    [Test]
    public async Task ModelsAreListedFromTheProvider()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await ProxyTestServer.StartAsync(upstream.BaseUrl);
        var models = await server.GetJsonAsync("/v1/proxy/models");
        Assert.That(models["data"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini"));
    }

    [Test]
    public async Task AnInvalidProviderUrlFailsTheStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var server = await ProxyTestServer.StartAsync("ftp://nowhere");
        });
        Assert.That(error!.Message, Does.Contain("Proxy:Providers:openai:BaseUrl"));
    }
}
