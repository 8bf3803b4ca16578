namespace Braintrust.Traced.Generator;

/// <summary>Tracking names of the generator's pipeline steps, for incremental-cache tests.</summary>
internal static class TracedGeneratorStepNames
{
    /// <summary>Each <c>[Traced]</c> method turned into its model.</summary>
    public const string TracedMethods = nameof(TracedMethods);

    /// <summary>The settings from MSBuild and <c>.editorconfig</c>.</summary>
    public const string Options = nameof(Options);

    /// <summary>Each method with its span name and caller path decided.</summary>
    public const string NamedMethods = nameof(NamedMethods);

    /// <summary>The methods grouped per containing type: one generated file each.</summary>
    public const string TracedTypes = nameof(TracedTypes);
}
