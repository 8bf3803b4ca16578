using Braintrust.Traced.Generator.Naming;

namespace Braintrust.Traced.Generator.Options;

/// <summary>Naming settings an <c>.editorconfig</c> section sets for one source file.</summary>
/// <param name="FilePath">The source file's path, as the syntax tree reports it.</param>
/// <param name="Options">The settings for that file.</param>
internal sealed record FileNamingOverride(string FilePath, SpanNamingOptions Options);
