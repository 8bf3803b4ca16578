using Braintrust.Traced.Generator.Emit;
using Braintrust.Traced.Generator.Helpers;
using Braintrust.Traced.Generator.Model;
using Braintrust.Traced.Generator.Options;
using Braintrust.Traced.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator;

/// <summary>
/// Writes the implementing declaration of every <c>[Traced]</c> partial method: a span named at compile time around a
/// call to the method's body. Reports no diagnostics: shapes it cannot write are left to the analyzers.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TracedGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Each [Traced] partial method, as a symbol-free model.
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName<TracedMethod?>(TracedAttributeNames.Traced, TracedMethodParser.IsCandidate, TracedMethodParser.Parse)
            .WhereNotNull()
            .WithTrackingName(TracedGeneratorStepNames.TracedMethods);

        // The project's and each file's settings, folded into one equatable value.
        var options = context.CompilationProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => TracedGeneratorOptionsReader.Read(pair.Left, pair.Right))
            .WithTrackingName(TracedGeneratorStepNames.Options);

        // Each method with its span name (the naming policy of its file) and its mapped file path.
        var namedMethods = methods
            .Combine(options)
            .Select(static (pair, _) => TracedPipeline.ApplyOptions(pair.Left, pair.Right))
            .WithTrackingName(TracedGeneratorStepNames.NamedMethods);

        // One group per containing type, so editing one type never rewrites another's file.
        var types = namedMethods
            .Collect()
            .SelectMany(static (all, _) => TracedPipeline.GroupByType(all))
            .WithTrackingName(TracedGeneratorStepNames.TracedTypes);

        var canHideFromStackTraces = options.Select(static (o, _) => o.CanHideFromStackTraces);
        context.RegisterSourceOutput(types.Combine(canHideFromStackTraces), static (output, pair) =>
            output.AddSource(pair.Left.HintName, TracedSourceEmitter.Emit(pair.Left, pair.Right)));
    }
}
