using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Braintrust.Traced.Generator.Helpers;
using Braintrust.Traced.Generator.Model;
using Braintrust.Traced.Generator.Naming;
using Braintrust.Traced.Generator.Options;

namespace Braintrust.Traced.Generator;

/// <summary>The pure steps between parsing and emitting, kept apart from <see cref="TracedGenerator"/> so it reads as a pipeline.</summary>
internal static class TracedPipeline
{
    /// <summary>Decides what depends on the project's settings: the span name and the recorded file path.</summary>
    public static TracedMethod ApplyOptions(TracedMethod method, TracedGeneratorOptions options) =>
        method with
        {
            SpanName = method.ExplicitSpanName
                ?? SpanNamer.Name(method.TypeName, method.Name.TrimStart('@'), options.NamingFor(method.FilePath)),
            CallerFilePath = CallerPathMapper.Map(method.FilePath, options.PathMap),
        };

    /// <summary>Groups methods per containing type in a stable order (by type, then file and line) so output is deterministic.</summary>
    public static ImmutableArray<TracedType> GroupByType(ImmutableArray<TracedMethod> methods) =>
        methods
            .GroupBy(m => m.TypeKey)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(g => new TracedType(
                g.Key + ".Traced.g.cs",
                g.OrderBy(m => m.FilePath, System.StringComparer.Ordinal).ThenBy(m => m.LineNumber).ToEquatableArray()))
            .ToImmutableArray();
}
