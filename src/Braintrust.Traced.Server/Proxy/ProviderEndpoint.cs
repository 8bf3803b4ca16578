namespace Braintrust.Traced.Server.Proxy;

/// <summary>Where one upstream provider lives and the key the proxy uses for it (null: forward without a key).</summary>
public sealed record ProviderEndpoint(string Name, Uri BaseUrl, string? ApiKey);
