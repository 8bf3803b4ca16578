using System.Text.Json.Nodes;
using Braintrust.Traced.Proxy.Tests.Infrastructure;
using Braintrust.Traced.Server.Proxy.Cache;

namespace Braintrust.Traced.Proxy.Tests;

/// <summary>The database-backed cache table: versioned creation, persistence, expiry carried in the value.</summary>
public sealed class ProxyCachePersistenceTests
{
    [Test]
    public async Task EntriesSurviveAReopenAndInitializingTwiceIsHarmless()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "cache.db");
        var entry = new CachedResponse(200, "text/event-stream", "data: {\"a\":1}\n\ndata: [DONE]\n\n"u8.ToArray());

        await using (var cache = new SqliteProxyCache(path, TimeProvider.System))
        {
            await cache.InitializeAsync(CancellationToken.None);
            await cache.SetAsync("k1", "org-1", entry, TimeSpan.FromHours(1), CancellationToken.None);
        }
        await using (var reopened = new SqliteProxyCache(path, TimeProvider.System))
        {
            await reopened.InitializeAsync(CancellationToken.None);
            var found = await reopened.GetAsync("k1", CancellationToken.None);
            Assert.That(found, Is.Not.Null);
            Assert.That(found!.Body, Is.EqualTo(entry.Body));
            Assert.That(found.ContentType, Is.EqualTo("text/event-stream"));
            Assert.That(found.Status, Is.EqualTo(200));
            Assert.That(await reopened.GetAsync("absent", CancellationToken.None), Is.Null);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Test]
    public void AnExpiredOrForeignValueDecodesToNothing()
    {
        var now = DateTimeOffset.UtcNow;
        var bytes = CachedResponseCodec.Encode(new CachedResponse(200, "application/json", "{}"u8.ToArray()), now.AddSeconds(5));
        Assert.That(CachedResponseCodec.Decode(bytes, now), Is.Not.Null);
        Assert.That(CachedResponseCodec.Decode(bytes, now.AddSeconds(6)), Is.Null);
        Assert.That(CachedResponseCodec.Decode([9, 9, 9], now), Is.Null);
    }

    [Test]
    public void TheCacheKeyIgnoresKeyOrderButNotValuesOrgsOrProviderKeys()
    {
        var a = JsonNode.Parse("""{"model":"m","seed":1,"messages":[{"role":"user","content":"x"}]}""")!.AsObject();
        var b = JsonNode.Parse("""{ "messages":[{"content":"x","role":"user"}], "seed":1, "model":"m" }""")!.AsObject();
        var c = JsonNode.Parse("""{"model":"m","seed":2,"messages":[{"role":"user","content":"x"}]}""")!.AsObject();
        var key = Server.Proxy.CacheKeyBuilder.Build("org-1", "openai", "chat/completions", null, a);
        Assert.That(Server.Proxy.CacheKeyBuilder.Build("org-1", "openai", "chat/completions", null, b), Is.EqualTo(key));
        Assert.That(Server.Proxy.CacheKeyBuilder.Build("org-1", "openai", "chat/completions", null, c), Is.Not.EqualTo(key));
        Assert.That(Server.Proxy.CacheKeyBuilder.Build("org-2", "openai", "chat/completions", null, a), Is.Not.EqualTo(key));
        Assert.That(Server.Proxy.CacheKeyBuilder.Build("org-1", "openai", "chat/completions", "sk-own", a), Is.Not.EqualTo(key));
        Assert.That(Server.Proxy.CacheKeyBuilder.Build("org-1", "openai", "embeddings", null, a), Is.Not.EqualTo(key));
    }
}
