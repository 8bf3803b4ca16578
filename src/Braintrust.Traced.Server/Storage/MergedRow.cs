using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Storage;

/// <summary>The document to store after a write, and whether it still awaits its full (base) row.</summary>
internal sealed record MergedRow(JsonObject Data, bool IsPartial);
