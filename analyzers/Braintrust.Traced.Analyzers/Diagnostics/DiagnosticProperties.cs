namespace Braintrust.Traced.Analyzers.Diagnostics;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> that carry facts from an analyzer to its code fix.</summary>
internal static class DiagnosticProperties
{
    /// <summary>The name of the method that holds (or will hold) the [Traced] method's body.</summary>
    public const string ImplementationName = "ImplementationName";
}
