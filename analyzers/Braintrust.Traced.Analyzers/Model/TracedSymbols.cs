using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>
/// The runtime types the analyzers compare against, resolved once per compilation (never cached statically:
/// symbols belong to one compilation and would keep it alive).
/// </summary>
internal sealed class TracedSymbols
{
    public const string TracedAttributeName = "Braintrust.Traced.TracedAttribute";
    public const string NotTracedAttributeName = "Braintrust.Traced.NotTracedAttribute";
    public const string RedactAttributeName = "Braintrust.Traced.RedactAttribute";
    public const string AsMetadataAttributeName = "Braintrust.Traced.AsMetadataAttribute";
    public const string TracedCallsName = "Braintrust.Traced.Runtime.TracedCalls";

    private TracedSymbols(
        Compilation compilation,
        INamedTypeSymbol tracedAttribute,
        INamedTypeSymbol? notTracedAttribute,
        INamedTypeSymbol? redactAttribute,
        INamedTypeSymbol? asMetadataAttribute,
        INamedTypeSymbol? tracedCalls)
    {
        TracedAttribute = tracedAttribute;
        NotTracedAttribute = notTracedAttribute;
        RedactAttribute = redactAttribute;
        AsMetadataAttribute = asMetadataAttribute;
        TracedCalls = tracedCalls;
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        NotLoggableTypes = NotLoggableTypeCatalog.Resolve(compilation);
    }

    public INamedTypeSymbol TracedAttribute { get; }

    public INamedTypeSymbol? NotTracedAttribute { get; }

    public INamedTypeSymbol? RedactAttribute { get; }

    public INamedTypeSymbol? AsMetadataAttribute { get; }

    /// <summary>The entry point generated code calls; <see langword="null"/> when the runtime is not referenced.</summary>
    public INamedTypeSymbol? TracedCalls { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    /// <summary>Types whose values are not worth recording, each with the reason shown to the user.</summary>
    public ImmutableArray<NotLoggableType> NotLoggableTypes { get; }

    /// <summary>Resolves the symbols, or returns <see langword="null"/> when <c>TracedAttribute</c> is unknown: then nothing can be [Traced].</summary>
    public static TracedSymbols? TryCreate(Compilation compilation)
    {
        var traced = GetBestTypeByMetadataName(compilation, TracedAttributeName);
        if (traced is null)
        {
            return null;
        }

        return new TracedSymbols(
            compilation,
            traced,
            GetBestTypeByMetadataName(compilation, NotTracedAttributeName),
            GetBestTypeByMetadataName(compilation, RedactAttributeName),
            GetBestTypeByMetadataName(compilation, AsMetadataAttributeName),
            GetBestTypeByMetadataName(compilation, TracedCallsName));
    }

    public bool IsTracedAttribute(AttributeData attribute) => Is(attribute.AttributeClass, TracedAttribute);

    public bool IsNotTracedAttribute(AttributeData attribute) => Is(attribute.AttributeClass, NotTracedAttribute);

    public bool IsRedactAttribute(AttributeData attribute) => Is(attribute.AttributeClass, RedactAttribute);

    public bool IsAsMetadataAttribute(AttributeData attribute) => Is(attribute.AttributeClass, AsMetadataAttribute);

    /// <summary>The [Traced] attribute on <paramref name="method"/>, or <see langword="null"/>.</summary>
    public AttributeData? FindTracedAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (IsTracedAttribute(attribute))
            {
                return attribute;
            }
        }

        return null;
    }

    private static bool Is(INamedTypeSymbol? actual, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(actual, expected);

    /// <summary>
    /// <see cref="Compilation.GetTypeByMetadataName"/> returns null when two references define the type (for example
    /// two copies of the runtime); prefer the compilation's own definition, then the one from the Braintrust.Traced
    /// assembly, so the analyzers keep working in that situation.
    /// </summary>
    private static INamedTypeSymbol? GetBestTypeByMetadataName(Compilation compilation, string metadataName)
    {
        var candidates = compilation.GetTypesByMetadataName(metadataName);
        if (candidates.Length == 0)
        {
            return null;
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }
        }

        foreach (var candidate in candidates)
        {
            if (candidate.ContainingAssembly.Name == RuntimeAssembly.Name)
            {
                return candidate;
            }
        }

        return candidates[0];
    }
}
