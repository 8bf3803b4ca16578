using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>The comment carried by a comment row, attached to the span whose row id is <see cref="OriginId"/>.</summary>
public sealed record CommentWrite(string OriginId, string Text, string Created, string? AuditSource, JsonObject? AuditMetadata);
