namespace Braintrust.Traced.Server.Proxy;

/// <summary>Request and response headers of the proxy; the names mirror Braintrust's AI proxy.</summary>
public static class ProxyHeaders
{
    public const string UseCache = "x-bt-use-cache";
    public const string CacheTtl = "x-bt-cache-ttl";
    public const string Cached = "x-bt-cached";
    public const string Parent = "x-bt-parent";

    /// <summary>The caller's own provider key, used instead of the one configured in the server.</summary>
    public const string ProviderKey = "x-bt-provider-key";

    /// <summary>Which configured provider to forward to (default <c>Proxy:DefaultProvider</c>, i.e. openai).</summary>
    public const string Provider = "x-bt-provider";
}
