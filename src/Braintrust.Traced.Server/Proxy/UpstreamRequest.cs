namespace Braintrust.Traced.Server.Proxy;

/// <summary>One call to a provider: where, with which key (null: none), and the caller's body bytes unchanged.</summary>
internal sealed record UpstreamRequest(ProviderEndpoint Provider, string? ApiKey, ProxyRoute Route, HttpMethod Method, byte[]? Body);
