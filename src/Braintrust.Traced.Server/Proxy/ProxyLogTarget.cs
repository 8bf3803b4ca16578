namespace Braintrust.Traced.Server.Proxy;

/// <summary>Where a proxied call is logged: a project, and optionally the span it becomes a child of.</summary>
internal sealed record ProxyLogTarget(string ProjectId, string? ParentSpanId, string? RootSpanId);
