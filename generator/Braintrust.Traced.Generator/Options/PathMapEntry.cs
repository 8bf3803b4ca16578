namespace Braintrust.Traced.Generator.Options;

/// <summary>One <c>/pathmap</c> rule (<c>PathMap</c> MSBuild property, set by <c>ContinuousIntegrationBuild</c>).</summary>
/// <param name="Prefix">The source path prefix to replace.</param>
/// <param name="Replacement">What the prefix becomes in the built output.</param>
internal sealed record PathMapEntry(string Prefix, string Replacement);
