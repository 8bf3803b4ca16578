using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Generator.Helpers;

/// <summary>Small pipeline helpers that keep <see cref="TracedGenerator.Initialize"/> short.</summary>
internal static class IncrementalValuesProviderExtensions
{
    public static IncrementalValuesProvider<T> WhereNotNull<T>(this IncrementalValuesProvider<T?> source)
        where T : class =>
        source.Where(static item => item is not null)!;
}
