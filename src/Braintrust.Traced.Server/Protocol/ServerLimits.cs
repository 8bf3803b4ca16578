namespace Braintrust.Traced.Server.Protocol;

/// <summary>Request limits the server enforces and advertises through <c>GET /version</c>.</summary>
public sealed record ServerLimits(long MaxBodyBytes);
