using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>A type whose values are not worth recording in a span, and why (completes "…, but {reason}").</summary>
internal sealed class NotLoggableType
{
    public NotLoggableType(INamedTypeSymbol type, string reason)
    {
        Type = type;
        Reason = reason;
    }

    public INamedTypeSymbol Type { get; }

    public string Reason { get; }
}
