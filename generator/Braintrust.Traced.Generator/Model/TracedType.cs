using Braintrust.Traced.Generator.Helpers;

namespace Braintrust.Traced.Generator.Model;

/// <summary>One containing type and its traced methods: the unit the generator writes as one file.</summary>
/// <param name="HintName">The generated file's name, e.g. <c>Demo.Classifier.Traced.g.cs</c>.</param>
/// <param name="Methods">The type's traced methods in source order.</param>
internal sealed record TracedType(string HintName, EquatableArray<TracedMethod> Methods);
