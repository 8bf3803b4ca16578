namespace Braintrust.Traced.Analyzers.Diagnostics;

/// <summary>The categories the [Traced] diagnostics are grouped under (shown in the IDE and usable in .editorconfig).</summary>
internal static class DiagnosticCategories
{
    /// <summary>The method or its surroundings cannot be traced as written.</summary>
    public const string Usage = "Braintrust.Traced.Usage";

    /// <summary>A traced call would record something that should never leave the process.</summary>
    public const string Security = "Braintrust.Traced.Security";

    /// <summary>Span names that would be rejected or be indistinguishable in Braintrust.</summary>
    public const string Naming = "Braintrust.Traced.Naming";

    /// <summary>The generated code and the referenced runtime do not fit together.</summary>
    public const string Compatibility = "Braintrust.Traced.Compatibility";
}
