namespace Braintrust.Traced.Server.Storage;

/// <summary>Keeps traces where some span's <c>metadata[Key]</c> equals <see cref="Value"/> (compared as text).</summary>
public sealed record MetadataMatch(string Key, string Value);
