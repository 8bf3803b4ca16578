using System.Text.Json.Nodes;
using Braintrust.Traced.Proxy.Tests.Infrastructure;

namespace Braintrust.Traced.Proxy.Tests;

/// <summary>The response cache and single-flight, against the database-backed store and against Redis.</summary>
[TestFixture(CacheBackend.Database)]
[TestFixture(CacheBackend.Postgres)]
[TestFixture(CacheBackend.Redis)]
[TestFixture(CacheBackend.MemoryFrontedDatabase)]
public sealed class ProxyCacheTests(CacheBackend backend)
{
    private FakeUpstream _upstream = null!;
    private RedisServer? _redis;
    private ProxyTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        if (backend == CacheBackend.Redis)
        {
            _redis = await RedisServer.StartAsync();
            _server = await ProxyTestServer.StartAsync(_upstream.BaseUrl, $"Proxy:Cache:Redis={_redis.Endpoint}", "Proxy:Cache:MemoryBytes=0");
        }
        else if (backend == CacheBackend.Postgres)
        {
            _server = await ProxyTestServer.StartAsync(_upstream.BaseUrl,
                $"BRAINTRUST_TRACED_POSTGRES={Braintrust.Traced.Server.Tests.Infrastructure.PostgresCluster.Instance.CreateDatabase()}",
                "Proxy:Cache:MemoryBytes=0");
        }
        else if (backend == CacheBackend.Database)
        {
            _server = await ProxyTestServer.StartAsync(_upstream.BaseUrl, "Proxy:Cache:MemoryBytes=0");
        }
        else
        {
            _server = await ProxyTestServer.StartAsync(_upstream.BaseUrl);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        // Null-safe: after a failed set-up, a NullReferenceException here would hide the set-up's error and leave the
        // redis-server (started before the proxy failed to) running after the test run.
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _redis?.Dispose();
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }

    [SetUp]
    public void ResetUpstream()
    {
        _upstream.Failure = null;
        _upstream.Delay = TimeSpan.Zero;
        _upstream.AnswerWhen = null;
    }

    private static JsonObject Chat(string question, int? seed = null, double? temperature = null, bool stream = false)
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-4o-mini",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }),
        };
        if (seed is { } s)
        {
            body["seed"] = s;
        }
        if (temperature is { } t)
        {
            body["temperature"] = t;
        }
        if (stream)
        {
            body["stream"] = true;
        }
        return body;
    }

    private static string Unique(string text) => $"{text} {Guid.NewGuid():N}";

    private static string CachedHeader(HttpResponseMessage response)
        => response.Headers.TryGetValues("x-bt-cached", out var values) ? values.Single() : "(absent)";

    [Test]
    public async Task SecondIdenticalSeededRequestIsAHitWithoutAnUpstreamCall()
    {
        var body = Chat(Unique("What is 2+2?"), seed: 7);
        var before = _upstream.Calls;

        using var first = await _server.PostAsync("chat/completions", body);
        using var second = await _server.PostAsync("chat/completions", body);

        Assert.That(first.IsSuccessStatusCode, Is.True, await first.Content.ReadAsStringAsync());
        Assert.That(CachedHeader(first), Is.EqualTo("MISS"));
        Assert.That(CachedHeader(second), Is.EqualTo("HIT"));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
    }

    [Test]
    public async Task KeyOrderAndFormattingDoNotDefeatTheCache()
    {
        var question = Unique("Order?");
        using var first = await _server.PostAsync("chat/completions", Chat(question, seed: 3));
        var reordered = new JsonObject
        {
            ["seed"] = 3,
            ["messages"] = new JsonArray(new JsonObject { ["content"] = question, ["role"] = "user" }),
            ["model"] = "gpt-4o-mini",
        };
        using var second = await _server.PostAsync("chat/completions", reordered);
        Assert.That(CachedHeader(second), Is.EqualTo("HIT"));
    }

    [Test]
    public async Task AnotherSeedIsAMiss()
    {
        var question = Unique("Seeds");
        var before = _upstream.Calls;
        using var first = await _server.PostAsync("chat/completions", Chat(question, seed: 1));
        using var second = await _server.PostAsync("chat/completions", Chat(question, seed: 2));
        Assert.That(CachedHeader(second), Is.EqualTo("MISS"));
        Assert.That(_upstream.Calls - before, Is.EqualTo(2));
    }

    [Test]
    public async Task WithoutSeedAndWithTemperatureAboveZeroNothingIsCached()
    {
        var body = Chat(Unique("Creative"), temperature: 0.8);
        var before = _upstream.Calls;
        using var first = await _server.PostAsync("chat/completions", body);
        using var second = await _server.PostAsync("chat/completions", body);
        Assert.That(CachedHeader(first), Is.EqualTo("MISS"));
        Assert.That(CachedHeader(second), Is.EqualTo("MISS"));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.Not.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(_upstream.Calls - before, Is.EqualTo(2));
    }

    [Test]
    public async Task TemperatureZeroWithoutSeedIsCached()
    {
        var body = Chat(Unique("Precise"), temperature: 0);
        using var first = await _server.PostAsync("chat/completions", body);
        using var second = await _server.PostAsync("chat/completions", body);
        Assert.That(CachedHeader(second), Is.EqualTo("HIT"));
    }

    [Test]
    public async Task AlwaysCachesWhatAutoWouldNotAndNeverBypassesTheCache()
    {
        var creative = Chat(Unique("Always"), temperature: 1.2);
        using var a1 = await _server.PostAsync("chat/completions", creative, ("x-bt-use-cache", "always"));
        using var a2 = await _server.PostAsync("chat/completions", creative, ("x-bt-use-cache", "always"));
        Assert.That(CachedHeader(a2), Is.EqualTo("HIT"));

        var seeded = Chat(Unique("Never"), seed: 5);
        var before = _upstream.Calls;
        using var n1 = await _server.PostAsync("chat/completions", seeded, ("x-bt-use-cache", "never"));
        using var n2 = await _server.PostAsync("chat/completions", seeded, ("x-bt-use-cache", "never"));
        Assert.That(CachedHeader(n2), Is.EqualTo("MISS"));
        Assert.That(_upstream.Calls - before, Is.EqualTo(2));
    }

    [Test]
    public async Task AnEntryExpiresAfterItsTtl()
    {
        // The server's clock is moved past the TTL rather than slept through (with a 1 s TTL, a machine that took a
        // second between the first two requests failed the HIT below). A minute is longer than the test takes, so
        // Redis's own key expiry (real time) never decides: the expiry kept in the value, read with the server's clock, does.
        var body = Chat(Unique("Short-lived"), seed: 11);
        using var first = await _server.PostAsync("chat/completions", body, ("x-bt-cache-ttl", "60"));
        using var soon = await _server.PostAsync("chat/completions", body);
        Assert.That(CachedHeader(soon), Is.EqualTo("HIT"));

        _server.Clock.Advance(TimeSpan.FromSeconds(61));
        var before = _upstream.Calls;
        using var later = await _server.PostAsync("chat/completions", body);
        Assert.That(CachedHeader(later), Is.EqualTo("MISS"));
        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
    }

    [Test]
    public async Task AStreamIsReplayedWithTheSameBytesAsTheOriginal()
    {
        var body = Chat(Unique("Stream me"), seed: 21, stream: true);
        using var first = await _server.PostAsync("chat/completions", body);
        var original = await first.Content.ReadAsByteArrayAsync();
        var upstreamBytes = _upstream.LastStream;
        var before = _upstream.Calls;
        using var second = await _server.PostAsync("chat/completions", body);
        var replay = await second.Content.ReadAsByteArrayAsync();

        Assert.That(first.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(CachedHeader(first), Is.EqualTo("MISS"));
        Assert.That(original, Is.EqualTo(upstreamBytes));
        Assert.That(CachedHeader(second), Is.EqualTo("HIT"));
        Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(replay, Is.EqualTo(original));
        Assert.That(_upstream.Calls, Is.EqualTo(before));
    }

    [Test]
    public async Task ConcurrentIdenticalRequestsMakeOneUpstreamCall()
    {
        _upstream.Delay = TimeSpan.FromMilliseconds(700);
        var body = Chat(Unique("Together"), seed: 4);
        var before = _upstream.Calls;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _server.PostAsync("chat/completions", body)));
        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(200));
        Assert.That(texts.Distinct().Count(), Is.EqualTo(1));
        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task ConcurrentIdenticalStreamsMakeOneUpstreamCallAndAllGetTheSameBytes()
    {
        _upstream.Delay = TimeSpan.FromMilliseconds(700);
        var body = Chat(Unique("Stream together"), seed: 4, stream: true);
        var before = _upstream.Calls;

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _server.PostAsync("chat/completions", body)));
        var streams = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));

        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
        Assert.That(streams, Has.All.EqualTo(_upstream.LastStream));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task AnotherOrgNeverReadsThisOrgsEntries()
    {
        var body = Chat(Unique("Private"), seed: 9);
        using var mine = await _server.PostAsync("chat/completions", body);
        var (otherClient, _) = await _server.CreateOrgAsync("org-" + Guid.NewGuid().ToString("N")[..8]);
        using var theirs = await ProxyTestServer.PostAsync(otherClient, "chat/completions", body);
        Assert.That(CachedHeader(theirs), Is.EqualTo("MISS"));
        Assert.That(await theirs.Content.ReadAsStringAsync(), Is.Not.EqualTo(await mine.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task ErrorsAreNeverCached()
    {
        var body = Chat(Unique("Failing"), seed: 13);
        _upstream.Failure = (500, "application/json", """{"error":{"message":"boom","type":"server_error","param":null,"code":null}}""");
        using var failed = await _server.PostAsync("chat/completions", body);
        _upstream.Failure = null;
        using var retried = await _server.PostAsync("chat/completions", body);
        Assert.That((int)failed.StatusCode, Is.EqualTo(500));
        Assert.That((int)retried.StatusCode, Is.EqualTo(200));
        Assert.That(CachedHeader(retried), Is.EqualTo("MISS"));
    }

    [Test]
    public async Task EmbeddingsAreCachedWithoutASeed()
    {
        var body = new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = Unique("embed me") };
        using var first = await _server.PostAsync("embeddings", body);
        using var second = await _server.PostAsync("embeddings", body);
        Assert.That(CachedHeader(second), Is.EqualTo("HIT"));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task LegacyCompletionsAreForwardedAndCachedAtTemperatureZero()
    {
        var body = new JsonObject { ["model"] = "gpt-3.5-turbo-instruct", ["prompt"] = Unique("Once upon"), ["temperature"] = 0 };
        var before = _upstream.Calls;
        using var first = await _server.PostAsync("completions", body);
        using var second = await _server.PostAsync("completions", body);
        Assert.That((int)first.StatusCode, Is.EqualTo(200));
        Assert.That(await first.Content.ReadAsStringAsync(), Does.Contain("\"text_completion\""));
        Assert.That(CachedHeader(second), Is.EqualTo("HIT"));
        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
    }

    [Test]
    public async Task WhenTheFirstCallerHangsUpTheSharedCallStillAnswersTheOthersAndIsCached()
    {
        // The provider answers only when the test says so (not after a fixed delay, which a slow machine could outlast
        // before the hang-up below): the leader is still waiting when it hangs up.
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.AnswerWhen = answer.Task;
        var body = Chat(Unique("Hang up"), seed: 8, stream: true);
        var before = _upstream.Calls;

        using var hangUp = new CancellationTokenSource();
        using var leaderRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/proxy/chat/completions")
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        var leader = _server.Client.SendAsync(leaderRequest, hangUp.Token);
        Task<HttpResponseMessage> follower;
        try
        {
            // Its call reached the provider: the leader leads the shared call.
            await Braintrust.Traced.Server.Tests.Infrastructure.Eventually.UntilAsync(
                () => Task.FromResult(_upstream.Calls), calls => calls > before, "the leader's call reaches the provider");
            follower = _server.PostAsync("chat/completions", body);
            await hangUp.CancelAsync();
            Assert.That(async () => await leader, Throws.InstanceOf<OperationCanceledException>());
        }
        finally
        {
            answer.SetResult();
        }

        using var followed = await follower;
        Assert.That((int)followed.StatusCode, Is.EqualTo(200));
        Assert.That(await followed.Content.ReadAsByteArrayAsync(), Is.EqualTo(_upstream.LastStream));
        using var later = await _server.PostAsync("chat/completions", body);
        Assert.That(CachedHeader(later), Is.EqualTo("HIT"));
        Assert.That(_upstream.Calls - before, Is.EqualTo(1));
    }
}
