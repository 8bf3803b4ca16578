using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Braintrust.Traced.Analyzers.Model;

/// <summary>Where to point at a parameter attribute: the attribute as written, else the parameter.</summary>
internal static class AttributeLocation
{
    public static Location Of(AttributeData attribute, IParameterSymbol parameter, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()
        ?? parameter.Locations.FirstOrDefault()
        ?? Location.None;
}
