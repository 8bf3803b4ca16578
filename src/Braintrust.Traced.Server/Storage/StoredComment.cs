using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>A comment attached to a span (by the span row's id).</summary>
public sealed record StoredComment(string Id, string OriginId, string Text, string Created, string? AuditSource, JsonObject? AuditMetadata);
