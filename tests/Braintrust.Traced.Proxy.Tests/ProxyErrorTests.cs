using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Braintrust.Traced.Proxy.Tests.Infrastructure;

namespace Braintrust.Traced.Proxy.Tests;

/// <summary>Upstream failures and bad requests come back in OpenAI's error shape with the right status.</summary>
public sealed class ProxyErrorTests
{
    private FakeUpstream _upstream = null!;
    private ProxyTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await ProxyTestServer.StartAsync(_upstream.BaseUrl, "Proxy:UpstreamTimeoutSeconds=1", "Proxy:MaxRequestBytes=4096");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [SetUp]
    public void ResetUpstream()
    {
        _upstream.Failure = null;
        _upstream.Delay = TimeSpan.Zero;
    }

    private static JsonObject Chat() => new()
    {
        ["model"] = "gpt-4o-mini",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi " + Guid.NewGuid() }),
    };

    private static async Task<JsonObject> ErrorOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(body?["error"], Is.InstanceOf<JsonObject>(), "OpenAI-shaped error expected");
        return (JsonObject)body!["error"]!;
    }

    [TestCase(400)]
    [TestCase(404)]
    [TestCase(429)]
    [TestCase(500)]
    [TestCase(503)]
    public async Task AProviderErrorPassesThroughWithItsStatusAndMessage(int status)
    {
        _upstream.Failure = (status, "application/json",
            $$$"""{"error":{"message":"provider says {{{status}}}","type":"invalid_request_error","param":"messages","code":"x"}}""");
        using var response = await _server.PostAsync("chat/completions", Chat());
        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        var error = await ErrorOf(response);
        Assert.That(error["message"]!.GetValue<string>(), Is.EqualTo($"provider says {status}"));
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("messages"));
    }

    [Test]
    public async Task ANonJsonProviderErrorIsWrappedInOpenAisShape()
    {
        _upstream.Failure = (502, "text/html", "<html>bad gateway</html>");
        using var response = await _server.PostAsync("chat/completions", Chat());
        Assert.That((int)response.StatusCode, Is.EqualTo(502));
        Assert.That((await ErrorOf(response))["message"]!.GetValue<string>(), Does.Contain("bad gateway"));
    }

    [Test]
    public async Task TheServersProviderKeyIsNeverShownWhenTheProviderRejectsIt()
    {
        _upstream.Failure = (401, "application/json",
            $$$"""{"error":{"message":"Incorrect API key provided: {{{ProxyTestServer.UpstreamKey}}}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""");
        using var response = await _server.PostAsync("chat/completions", Chat());
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(401));
        Assert.That(text, Does.Not.Contain(ProxyTestServer.UpstreamKey));
        Assert.That(text, Does.Not.Contain("sk-upstream"));
        Assert.That(text, Does.Contain("rejected the key configured in this server"));
    }

    [Test]
    public async Task TheServersProviderKeyIsRedactedFromOtherProviderErrors()
    {
        _upstream.Failure = (400, "application/json",
            $$$"""{"error":{"message":"bad request for key {{{ProxyTestServer.UpstreamKey}}}","type":"invalid_request_error","param":null,"code":null}}""");
        using var response = await _server.PostAsync("chat/completions", Chat());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(ProxyTestServer.UpstreamKey));
    }

    [Test]
    public async Task ASlowProviderTimesOutWith504()
    {
        _upstream.Delay = TimeSpan.FromSeconds(3);
        using var response = await _server.PostAsync("chat/completions", Chat());
        Assert.That((int)response.StatusCode, Is.EqualTo(504));
        Assert.That((await ErrorOf(response))["code"]!.GetValue<string>(), Is.EqualTo("upstream_timeout"));
    }

    [Test]
    public async Task AnUnreachableProviderIs502()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        await using var server = await ProxyTestServer.StartAsync($"http://127.0.0.1:{closedPort}/v1");
        using var response = await server.PostAsync("chat/completions", Chat());
        Assert.That((int)response.StatusCode, Is.EqualTo(502));
        var error = await ErrorOf(response);
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("upstream_unreachable"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("openai"));
    }

    [Test]
    public async Task AMissingModelIsRejectedNamingTheField()
    {
        var body = Chat();
        body.Remove("model");
        var before = _upstream.Calls;
        using var response = await _server.PostAsync("chat/completions", body);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((await ErrorOf(response))["param"]!.GetValue<string>(), Is.EqualTo("model"));
        Assert.That(_upstream.Calls, Is.EqualTo(before));
    }

    [Test]
    public async Task MalformedJsonIsRejectedNamingTheBody()
    {
        using var content = new StringContent("{\"model\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await _server.Client.PostAsync("/v1/proxy/chat/completions", content);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((await ErrorOf(response))["param"]!.GetValue<string>(), Is.EqualTo("body"));
    }

    [TestCase("x-bt-use-cache", "sometimes")]
    [TestCase("x-bt-cache-ttl", "-5")]
    [TestCase("x-bt-cache-ttl", "soon")]
    [TestCase("x-bt-parent", "not-a-parent")]
    [TestCase("x-bt-provider", "nosuchprovider")]
    public async Task ABadProxyHeaderIsRejectedNamingTheHeader(string header, string value)
    {
        using var response = await _server.PostAsync("chat/completions", Chat(), (header, value));
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        var error = await ErrorOf(response);
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo(header));
        Assert.That(error["message"]!.GetValue<string>(), Does.StartWith(header + ":"));
    }

    [Test]
    public async Task AnOversizeRequestIs413()
    {
        var body = Chat();
        body["messages"]![0]!["content"] = new string('x', 5000);
        var before = _upstream.Calls;
        using var response = await _server.PostAsync("chat/completions", body);
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That((await ErrorOf(response))["code"]!.GetValue<string>(), Is.EqualTo("request_too_large"));
        Assert.That(_upstream.Calls, Is.EqualTo(before));
    }

    [Test]
    public async Task WithoutOurApiKeyTheProxyAnswers401AndCallsNoProvider()
    {
        var before = _upstream.Calls;
        using var anonymous = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        using var response = await ProxyTestServer.PostAsync(anonymous, "chat/completions", Chat());
        Assert.That((int)response.StatusCode, Is.EqualTo(401));
        Assert.That(_upstream.Calls, Is.EqualTo(before));
    }
}
